"""Offline validation of the resolver's link sets and description file against GS1's JSON schemas.

Both schemas are copied into tests/traceability/data/ from the shared GS1 reference folder: the
link-set schema is GS1's (`https://ref.gs1.org/standards/resolver/linkset-schema`, 2025-06), the
description-file schema a public copy from a GS1 Resolver CE repository. Neither references
anything, so nothing is fetched; `uri` formats use the EPCIS helper's local checker.
"""

import json
from functools import cache

from jsonschema import Draft7Validator

from tests.traceability.epcis_schema import DATA, formats


@cache
def _validator(name: str) -> Draft7Validator:
    return Draft7Validator(json.loads((DATA / name).read_text()), format_checker=formats)


def _errors(validator: Draft7Validator, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def linkset_errors(document: dict) -> list[str]:
    return _errors(_validator("gs1-linkset-schema.json"), document)


def description_errors(document: dict) -> list[str]:
    return _errors(_validator("resolver-description-file-schema.json"), document)
