"""The relevance set: queries real readers type, each with the role they mean (its slug in
fixtures/roles.json). tests/roles/search/test_relevance.py searches each on the current
database, as a reader would (the search page, "did you mean" included), and reports precision
at 3: the share of queries whose role is among the first three results.

A query belongs here when a reader could type it: a title, an everyday or alternate name, an
abbreviation, a misspelling, a plural, a question ("how to become a ..."), a level ("entry
level ...") or pay ("... salary"). Add one whenever a reader's search disappoints."""

from __future__ import annotations

# (query, the slug of the role the reader means, or the slugs of the roles either of which
# answers it)
QUERIES: list[tuple[str, str | tuple[str, ...]]] = [
    # Other titles employers use (a role's alternate titles)
    ("ethical hacker", "penetration-tester"),
    ("public safety telecommunicator", "emergency-dispatcher"),
    ("magistrate", "judge"),
    ("custodial worker", "janitor"),
    ("fry cook", "line-cook"),
    # Titles, as typed
    ("nurse", "registered-nurse"),
    ("registered nurse", "registered-nurse"),
    ("electrician", "electrician"),
    ("plumber", "plumber"),
    ("teacher", "elementary-school-teacher"),
    ("high school teacher", "high-school-teacher"),
    ("paralegal", "paralegal"),
    ("cashier", "cashier"),
    ("chef", "chef"),
    ("medical assistant", "medical-assistant"),
    ("home health aide", "home-health-aide"),
    ("customer service", "customer-service-representative"),
    ("project manager", "project-manager"),
    ("financial analyst", "financial-analyst"),
    ("civil engineer", "civil-engineer"),
    ("data engineer", "data-engineer"),
    ("data scientist", "data-scientist"),
    ("architect", "ai-solutions-architect"),
    ("social worker", "social-worker"),
    ("firefighter", "firefighter"),
    ("recruiter", "hr-specialist"),
    ("soc analyst", "soc-analyst"),
    ("ux designer", "ux-ui-designer"),
    ("graphic design", "graphic-designer"),
    ("hvac", "hvac-technician"),
    ("welding", "welder"),
    ("bookkeeping", "bookkeeper"),
    ("penetration testing", "penetration-tester"),
    ("wind turbine", "wind-turbine-technician"),
    ("counselor", "mental-health-counselor"),
    # Everyday and alternate names, abbreviations
    ("rn", "registered-nurse"),
    ("lpn", "licensed-practical-nurse"),
    ("cna", "nursing-assistant"),
    ("cpa", "accountant"),
    ("hr", "hr-specialist"),
    ("sre", "site-reliability-engineer"),
    ("pen tester", "penetration-tester"),
    ("truck driver", "truck-driver"),
    ("trucker", "truck-driver"),
    ("cdl driver", "truck-driver"),
    ("cop", "police-officer"),
    ("attorney", "lawyer"),
    ("hairdresser", "hairstylist"),
    ("waiter", "server"),
    ("vet", "veterinarian"),
    ("special ed teacher", "special-education-teacher"),
    ("car mechanic", "automotive-service-technician"),
    ("ml engineer", "machine-learning-engineer"),
    # Plurals and misspellings
    ("electricians", "electrician"),
    ("plumbers", "plumber"),
    ("nurses", "registered-nurse"),
    ("elecrician", "electrician"),
    ("machine lerning engineer", "machine-learning-engineer"),
    ("archtect", "ai-solutions-architect"),
    ("acountant", "accountant"),
    ("paralegel", "paralegal"),
    # Questions and levels
    ("how to become an electrician", "electrician"),
    ("how to become a pen tester", "penetration-tester"),
    ("how to become a nurse", "registered-nurse"),
    ("how do i become a firefighter", "firefighter"),
    # Both are ways into nursing without a degree.
    ("entry level nursing", ("nursing-assistant", "licensed-practical-nurse")),
    ("entry level data analyst", "data-analyst"),
    # Pay
    ("accountant salary", "accountant"),
    ("data scientist salary", "data-scientist"),
    ("salary data scientist", "data-scientist"),
    ("how much does a plumber make", "plumber"),
    ("electrician pay", "electrician"),
    ("registered nurse wages", "registered-nurse"),
]
