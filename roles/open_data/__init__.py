"""Open data: the read-only JSON API (/api/v1/, api.py), each role's `.json` beside its page,
the bulk downloads (/data/, bulk.py) and /llms.txt (llms_txt.py).

One serialisation (documents.py, typed by schemas.py) feeds them all, generated from the lists
that define a role (roles.content.SECTIONS and READER_FIELDS, roles.models.ROW_KINDS), so that a
new section, row kind or reader field is published everywhere without an edit here. Everything
reads published data only (Role.objects.published()). Answers are cached and invalidated by the
page cache's versions (caching.py; the `.json` and llms.txt are in the page cache itself), and
the API is rate-limited per client in the shared cache (rate_limit.py).
"""
