"""U.S. states by postal code, for a job's address (PostalAddress.addressRegion) and for the
states a remote job is open to."""

from __future__ import annotations

import re

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

STATE_CHOICES = [("", "Choose a state"), *sorted(US_STATES.items(), key=lambda kv: kv[1])]
_BY_NAME = {name.lower(): code for code, name in US_STATES.items()}
COUNTRY_US = ("US", "United States")
_US_NAMES = {"us", "u.s.", "usa", "u.s.a.", "united states", "united states of america"}

# A state's name anywhere in a title, or ", TX" after a place name.
STATE_IN_TEXT = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted(_BY_NAME, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
STATE_CODE_AFTER_COMMA = re.compile(r",\s*(" + "|".join(US_STATES) + r")\b")


def state_code(text: str) -> str | None:
    """The postal code of a state typed as its name or its code, any case; None otherwise."""
    text = text.strip()
    if text.upper() in US_STATES:
        return text.upper()
    return _BY_NAME.get(text.lower())


def is_united_states(text: str) -> bool:
    return text.strip().lower() in _US_NAMES
