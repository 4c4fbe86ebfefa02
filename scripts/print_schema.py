"""Regenerate `schema.graphql`, the committed snapshot of the GraphQL schema clients build against.

    .venv/bin/python scripts/print_schema.py           # write schema.graphql
    .venv/bin/python scripts/print_schema.py --check   # exit 1 if it is out of date

The schema grows by additions only. A removal or a change of an existing type, field, argument or
enum value is refused here (and by tests/backend/graphql/test_schema_snapshot.py) unless
`schema-changes.yaml` lists it with the reason it was accepted.
"""

import argparse
import os
import sys
from pathlib import Path

import yaml
from graphql import (
    DangerousChangeType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
    lexicographic_sort_schema,
    print_schema,
)

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "schema.graphql"
ALLOWED_CHANGES = ROOT / "schema-changes.yaml"

# What graphql-core calls dangerous but only adds to the schema: an old client is unaffected.
_ADDITIONS = {
    DangerousChangeType.VALUE_ADDED_TO_ENUM,
    DangerousChangeType.TYPE_ADDED_TO_UNION,
    DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED,
    DangerousChangeType.OPTIONAL_ARG_ADDED,
    DangerousChangeType.IMPLEMENTED_INTERFACE_ADDED,
}


def live_schema() -> GraphQLSchema:
    """The schema `/graphql/` serves (needs Django set up)."""
    from backend.graphql.schema import schema  # imported once Django's app registry is ready

    return schema.graphql_schema


def printed(schema: GraphQLSchema) -> str:
    """The snapshot text: types and fields sorted, so the file's diff shows only real changes."""
    return print_schema(lexicographic_sort_schema(schema)) + "\n"


def changes(old_sdl: str, new: GraphQLSchema) -> list[str]:
    """Every removal or change from the snapshot to `new`, in graphql-core's words; additions pass."""
    old = build_schema(old_sdl)
    # Both sides built from SDL: graphene's scalar classes would otherwise differ from the
    # snapshot's plain ones and read as a change of kind.
    new = build_schema(printed(new))
    found = [change.description for change in find_breaking_changes(old, new)]
    found += [
        change.description for change in find_dangerous_changes(old, new) if change.type not in _ADDITIONS
    ]
    return sorted(found)


def allowed_changes(path: Path = ALLOWED_CHANGES) -> dict[str, str]:
    """`schema-changes.yaml`: each accepted change → why it was accepted."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {entry["change"]: entry["reason"] for entry in data.get("changes") or []}


def unexplained_changes(old_sdl: str, new: GraphQLSchema, allowed_path: Path = ALLOWED_CHANGES) -> list[str]:
    """The changes from the snapshot to `new` that `schema-changes.yaml` does not explain."""
    allowed = allowed_changes(allowed_path)
    return [change for change in changes(old_sdl, new) if not allowed.get(change, "").strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is current")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    schema = live_schema()
    text = printed(schema)
    current = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else None
    if current is not None:
        refused = unexplained_changes(current, schema)
        if refused:
            print("Removals or changes not listed in schema-changes.yaml:", file=sys.stderr)
            for change in refused:
                print(f"  - {change}", file=sys.stderr)
            return 1
    if args.check:
        if current != text:
            print(
                "schema.graphql is out of date: run .venv/bin/python scripts/print_schema.py", file=sys.stderr
            )
            return 1
        return 0
    SNAPSHOT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
