"""`schema.graphql` is the schema `/graphql/` serves, and the schema grows by additions only.

A removal or change of an existing type, field, argument or enum value fails unless
`schema-changes.yaml` says why it was accepted; an addition passes the second test but the first
asks for the snapshot to be regenerated (`.venv/bin/python scripts/print_schema.py`), so every
change to the API shows up in review as a diff of the committed file.
"""

from graphql import build_schema

from scripts.print_schema import SNAPSHOT, allowed_changes, changes, live_schema, printed, unexplained_changes

REGENERATE = "regenerate it: .venv/bin/python scripts/print_schema.py"


def test_snapshot_is_the_live_schema():
    assert SNAPSHOT.read_text(encoding="utf-8") == printed(live_schema()), (
        f"schema.graphql is stale; {REGENERATE}"
    )


def test_live_schema_only_adds_to_the_snapshot():
    refused = unexplained_changes(SNAPSHOT.read_text(encoding="utf-8"), live_schema())
    assert not refused, (
        "removed or changed since schema.graphql (restore them, or list each in schema-changes.yaml "
        "with a reason):\n" + "\n".join(f"  - {change}" for change in refused)
    )


def test_every_accepted_change_gives_a_reason():
    assert all(reason.strip() for reason in allowed_changes().values())


SNAPSHOT_SDL = """
type Query { order(id: ID!): Order  channels: [Channel!]! }
type Order { id: ID!  total: Money!  number: String! }
type Money { amount: Float!  currency: String! }
type Channel { slug: String! }
enum Status { OPEN CLOSED }
"""


def test_a_removed_field_or_changed_type_is_reported_and_an_addition_is_not():
    grown = build_schema(
        SNAPSHOT_SDL
        + "type TaxedMoney { gross: Money! }\n"
        + "extend type Order { created: String }\nextend enum Status { DRAFT }"
    )
    assert changes(SNAPSHOT_SDL, grown) == []

    altered = build_schema(
        """
        type Query { order(id: ID!, token: String!): Order  channels: [Channel!]! }
        type Order { id: ID!  total: TaxedMoney! }
        type TaxedMoney { gross: Money! }
        type Money { amount: Float!  currency: String! }
        type Channel { slug: String! }
        enum Status { OPEN }
        """
    )
    assert changes(SNAPSHOT_SDL, altered) == [
        "A required arg token on Query.order was added.",
        "CLOSED was removed from enum type Status.",
        "Order.number was removed.",
        "Order.total changed type from Money! to TaxedMoney!.",
    ]


def test_a_change_listed_with_a_reason_passes_and_one_without_a_reason_does_not(tmp_path):
    altered = build_schema(SNAPSHOT_SDL.replace("number: String!", ""))
    notes = tmp_path / "schema-changes.yaml"
    notes.write_text(
        'changes:\n  - change: "Order.number was removed."\n    reason: "numbers moved to the group"\n',
        encoding="utf-8",
    )
    assert unexplained_changes(SNAPSHOT_SDL, altered, notes) == []
    notes.write_text('changes:\n  - change: "Order.number was removed."\n    reason: ""\n', encoding="utf-8")
    assert unexplained_changes(SNAPSHOT_SDL, altered, notes) == ["Order.number was removed."]
