"""Offline validation against GS1's EPCIS 2.0 JSON schema (copied into tests/traceability/data/).

The schema only references its own definitions; a local `referencing` registry holds it under its
`$id`, so nothing is ever fetched. `uri` and `date-time` formats are checked by small local
checkers because jsonschema skips them without optional packages.
"""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource

DATA = Path(__file__).parent / "data"
# A URI with a scheme, or a JSON-LD blank node id ("_:document1", as in GS1's own examples).
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*|_):[!-~]+$")
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

formats = FormatChecker(formats=())


@formats.checks("uri")
def _is_uri(value) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@formats.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_RFC3339.match(value)) and datetime.fromisoformat(value.replace("Z", "+00:00")) is not None


@cache
def epcis_validator() -> Draft7Validator:
    schema = json.loads((DATA / "EPCIS-JSON-Schema.json").read_text())
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft7Validator(schema, registry=registry, format_checker=formats)


def epcis_errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in epcis_validator().iter_errors(document)
    ]
