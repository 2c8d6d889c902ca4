"""Pay in the plain-text download of a role (`/jobs/<category>/<role>.txt`), with its source."""

from __future__ import annotations

from roles.wages.pay import role_pay


def pay_text(role) -> str:
    """A "Pay" block for the end of the role's text, or "" without an SOC code or figures."""
    pay = role_pay(role)
    if pay is None or pay.national is None:
        return ""
    national, release = pay.national, pay.release
    if release is None:
        return ""
    label = "Nearest occupation" if pay.nearest else "Occupation"
    lines = [
        "",
        "Pay",
        "===",
        "",
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
    return "\n".join(lines)
