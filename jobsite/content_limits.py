"""One rule for how big a role may be: the import accepts only what the admin can save back.

The admin saves a role and all its rows in one form post, which Django refuses beyond
DATA_UPLOAD_MAX_NUMBER_FIELDS fields or DATA_UPLOAD_MAX_MEMORY_SIZE bytes (a 400 for the
editor, with their work lost). So `import_roles` measures the post each file's role would need
and refuses the file, with the numbers, when it would not fit; and each text field holds at
most ROLE_TEXT_MAX_CHARACTERS characters (checked by the models, for the admin and the import
alike), which also keeps a role page's rendering well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus

from django.conf import settings

# The role form's own fields (text, publishing, version, CSRF token, save buttons) and the four
# inline formsets' management forms, rounded up; then, per row, its fields (id, role, position,
# its text fields, DELETE), rounded up. Generous on purpose: an estimate that errs small would
# let through a role the admin then refuses.
ROLE_FORM_FIELDS = 60
FIELDS_PER_ROW = 8
BYTES_PER_FIELD_NAME = 64  # "qualification_groups-123-items=" and the separator, rounded up


@dataclass
class AdminPost:
    fields: int
    size: int

    def problem(self) -> str | None:
        """Why the admin could not save this role, or None."""
        max_fields, max_size = (
            settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        )
        if self.fields > max_fields:
            return (
                f"the admin could not save this role: its form would post about {self.fields} "
                f"fields, more than DATA_UPLOAD_MAX_NUMBER_FIELDS ({max_fields}); "
                "split the role or raise the limit"
            )
        if self.size > max_size:
            return (
                f"the admin could not save this role: its form would post about {self.size:,} "
                f"bytes, more than DATA_UPLOAD_MAX_MEMORY_SIZE ({max_size:,}); "
                "shorten the role or raise the limit"
            )
        return None


def admin_post_for(texts: list[str], rows: int) -> AdminPost:
    """The admin form post that saves a role whose text values are `texts` and which has `rows`
    rows in all."""
    fields = ROLE_FORM_FIELDS + FIELDS_PER_ROW * rows
    size = fields * BYTES_PER_FIELD_NAME + sum(len(quote_plus(text)) for text in texts)
    return AdminPost(fields=fields, size=size)
