"""The job-ad builder at /jobs/<category>/<role>/job-ad/.

A plain GET form: a submission is redirected to the same page with the whole form in one `?s=`
parameter (roles/job_ads/link_state.py), which is the shareable link and re-opens the form as
typed; `&format=txt|md|html|json` downloads an export. Nothing is stored. The pages are personal
and never cached or indexed: `Cache-Control: private, no-store`, `X-Robots-Tag: noindex`, and
the view does not take part in the page cache (no `@page_cache_scope`), so the middleware
neither serves nor stores them; they are in no sitemap.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from roles.formats import structured_data
from roles.job_ads import link_state
from roles.job_ads.exports import FORMATS, Exports
from roles.job_ads.forms import JobAdForm, starting_rows, submitted_data
from roles.job_ads.pay_guide import NATIONAL, PayGuide, pay_guide, with_pay_filled
from roles.job_ads.posting import Workplace
from roles.job_ads.validation import check_job_posting
from roles.models import Role
from roles.redirects import published_or_moved

STATE_PARAMETER = "s"
SUBMITTED = "built"
FILL_PAY = "fill_pay"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _role(category_slug: str, role_slug: str) -> Role | HttpResponse:
    return published_or_moved(Role.objects.for_job_ad(), category_slug, role_slug, "roles:job-ad")


def _initial(role: Role, guide: PayGuide) -> dict[str, object]:
    initial: dict[str, object] = {
        "title": role.title,
        "workplace": Workplace.ON_SITE,
        "employment_type": "FULL_TIME",
        "pay_area": NATIONAL,
        "pay_unit": "YEAR",
    }
    if figures := guide.middle_half("YEAR"):
        initial["pay_min"], initial["pay_max"] = figures
    return initial


def job_ad(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = _role(category_slug, role_slug)
    if isinstance(role, HttpResponse):
        return role
    params = request.GET
    data: dict[str, str] | None = None
    damaged = too_long = False
    if STATE_PARAMETER in params:
        try:
            data = link_state.decode(params[STATE_PARAMETER])
        except link_state.BadState:
            damaged = True
    elif SUBMITTED in params:
        data = submitted_data(params)
    guide = pay_guide(role, data.get("pay_area") if data else None)
    if data is not None and STATE_PARAMETER not in params:
        if FILL_PAY in params:
            data = with_pay_filled(data, guide)
        token = link_state.encode(data)
        if len(token) <= link_state.LINK_LIMIT:
            return _private(HttpResponseRedirect(f"{request.path}?{STATE_PARAMETER}={token}"))
        too_long = True

    form = JobAdForm(
        data,
        rows=starting_rows(role) if data is None else None,
        pay_areas=guide.choices,
        initial=_initial(role, guide),
    )
    exports = findings = None
    if data is not None and form.is_valid():
        today = timezone.localdate()
        exports = Exports(form.job_ad(today))
        findings = check_job_posting({"@graph": [exports.job_posting]}, today)
        if (wanted := params.get("format")) in FORMATS:
            extension, content_type = FORMATS[wanted]
            response = HttpResponse(
                exports.download(wanted), content_type=f"{content_type}; charset=utf-8"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="job-ad-{role.slug}.{extension}"'
            )
            return _private(response)

    state = params.get(STATE_PARAMETER, "") if data is not None and not too_long else ""
    trail = [
        *structured_data.breadcrumbs(category=role.category, role=role),
        structured_data.Crumb("Write a job ad", request.path),
    ]
    context = {
        "role": role,
        "form": form,
        "guide": guide,
        "exports": exports,
        "findings": findings,
        "missing_required": any(finding.required for finding in findings or ()),
        "damaged": damaged,
        "too_long": too_long,
        "link_limit": link_state.LINK_LIMIT,
        "state": state,
        "share_url": request.build_absolute_uri(f"{request.path}?{STATE_PARAMETER}={state}")
        if state
        else "",
        "breadcrumbs": trail,
        "page_title": f"Write a job ad: {role.title}",
    }
    return _private(render(request, "roles/job_ad.html", context))
