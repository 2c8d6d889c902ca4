"""`?page=N` on every paginated page but search: one rule for what a page number is, shared by
the views (which answer 404 to anything else) and the page cache (which stores only those)."""

from __future__ import annotations

import re

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest

# `?page=N` as a paginated view writes it: ASCII digits, no sign, no leading zero, a sane
# length. " 1", "01", "1.0", an Arabic-Indic digit and "" would otherwise each be one more
# address of a page, or a 500 when the number is huge.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def page_or_404(paginator: Paginator, request: HttpRequest) -> Page:
    """The page `?page=` asks for (the first without one). A number that is malformed, given
    twice or past the last page is a 404, so that no address of a page that does not exist
    answers (or is cached as) a real one."""
    numbers = request.GET.getlist("page")
    if not numbers:
        return paginator.page(1)
    if len(numbers) > 1 or PAGE_NUMBER.fullmatch(numbers[0]) is None:
        raise Http404("No such page.")
    try:
        return paginator.page(int(numbers[0]))
    except InvalidPage:
        raise Http404("No such page.") from None
