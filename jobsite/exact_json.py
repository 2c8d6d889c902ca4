"""Django's JSON serialization with timestamps to the microsecond (SERIALIZATION_MODULES
"json-exact", used by `manage.py backup`).

Django's own JSON encoder follows ECMA-262 and cuts datetimes and times to milliseconds, so a
dumpdata backup did not restore the exact "last updated" and history timestamps. The output is
ordinary Django JSON: the stock deserializer (loaddata, `manage.py restore`) reads it.
"""

from __future__ import annotations

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "ExactJSONEncoder", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # every microsecond, and the UTC offset
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()  # type: ignore[misc]  # Django's serializers have no stubs for it
