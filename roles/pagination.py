"""`?page=N` on every paginated page but search: one rule for what a page number is, shared by
the views (which answer 404 to anything else) and the page cache (which stores only those)."""

from __future__ import annotations

import re

from django.core.paginator import EmptyPage, InvalidPage, Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404, HttpRequest

# `?page=N` as a paginated view writes it: ASCII digits, no sign, no leading zero, a sane
# length. " 1", "01", "1.0", an Arabic-Indic digit and "" would otherwise each be one more
# address of a page, or a 500 when the number is huge.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def page_number(request: HttpRequest) -> int:
    """The page number `?page=` asks for (1 without one); a malformed one, or one given twice,
    is a 404."""
    numbers = request.GET.getlist("page")
    if not numbers:
        return 1
    if len(numbers) > 1 or PAGE_NUMBER.fullmatch(numbers[0]) is None:
        raise Http404("No such page.")
    return int(numbers[0])


def page_or_404(paginator: Paginator, request: HttpRequest) -> Page:
    """The page `?page=` asks for (the first without one). A number that is malformed, given
    twice or past the last page is a 404, so that no address of a page that does not exist
    answers (or is cached as) a real one."""
    try:
        return paginator.page(page_number(request))
    except InvalidPage:
        raise Http404("No such page.") from None


class CountingPaginator(Paginator):
    """A Paginator of a queryset that reads a page and the number of rows of all pages in one
    statement (`COUNT(*) OVER ()`), where Paginator counts in one and reads in another. The
    database finds every row to order them anyway, so the count costs it next to nothing.

    A page with no rows tells no count: the first page then has none, and a later one asks
    the count, as Paginator does, to tell "past the last page" (EmptyPage) from rows that came
    since. No orphans."""

    def page(self, number) -> Page:
        number = self.validate_number_format(number)
        bottom = (number - 1) * self.per_page
        queryset: QuerySet = self.object_list  # type: ignore[assignment]  # a queryset, always
        counted = queryset.annotate(rows_in_all_pages=Window(Count("*")))
        rows = list(counted[bottom : bottom + self.per_page])
        if rows:
            self.count = rows[0].rows_in_all_pages
        elif number == 1:
            self.count = 0
        else:
            return super().page(number)
        return Page(rows, number, self)

    def validate_number_format(self, number) -> int:
        """`number` as an int of at least 1, or InvalidPage; the last page is not known yet."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise InvalidPage("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number
