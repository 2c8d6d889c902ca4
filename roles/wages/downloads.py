"""Pay in the downloads of a role (`.txt` and `.md`), with its source."""

from __future__ import annotations

from roles.formats.markdown_io import PAY_SECTION
from roles.wages.pay import role_pay


def pay_text(role) -> str:
    """A "Pay" block for the end of the role's text, or "" without an SOC code or figures."""
    lines = _pay_lines(role)
    return "\n".join(["", "Pay", "===", "", *lines]) if lines else ""


def pay_markdown(role) -> str:
    """A "## Pay" section for the end of the role's Markdown download, or "". The import reads
    past it: the figures come from the wage data, not from the file."""
    lines = _pay_lines(role)
    if not lines:
        return ""
    listed = [f"- {line}" if line and not line.startswith("Source") else line for line in lines]
    return "\n".join(["", f"## {PAY_SECTION}", "", *listed])


def _pay_lines(role) -> list[str]:
    pay = role_pay(role)
    if pay is None or pay.national is None or pay.release is None:
        return []
    national, release = pay.national, pay.release
    label = "Nearest occupation" if pay.nearest else "Occupation"
    lines = [
        f"{label}: {pay.occupation.title} (SOC {pay.occupation.code})",
        f"Median pay, United States: {national.annual_median} a year"
        + (f", {national.hourly_median} an hour" if national.hourly_published else ""),
    ]
    if national.has_range:
        lines.append(f"Middle 80 percent earn: {national.low} to {national.high} a year")
    lines.append(f"Jobs held: {national.employment}")
    published = f", published {release.published_on:%B %-d, %Y}" if release.published_on else ""
    lines += [
        "",
        f"Source: {release.source_name}, {release.label}{published}. {release.url}",
        "Wage and salary jobs in all industries; the self-employed are not included.",
        "",
    ]
    return lines
