"""`{{ moment|machine_datetime }}` for `<time datetime>` and other machine-read dates (see
roles/formats/dates.py)."""

from __future__ import annotations

from django import template

from roles.formats.dates import machine_datetime

register = template.Library()
register.filter("machine_datetime", machine_datetime)
