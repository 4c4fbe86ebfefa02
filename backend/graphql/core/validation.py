"""The API's validation: the specification's rules plus limits that refuse an expensive document
before anything executes, and the switch that turns introspection off."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from graphql import GraphQLError, ValidationRule, specified_rules
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)
from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.validation import ASTValidationContext
from graphql.validation.rules import ASTValidationRule
from graphql.validation.validate import ValidationAbortedError

SPECIFICATION_ERROR_CODE = "GRAPHQL_VALIDATION_FAILED"

_PAGE_ARGS = ("first", "last")
_INTROSPECTION = ("__schema", "__type")


@dataclass(frozen=True)
class Measure:
    """What a selection set asks for once its fragments are expanded (aliases and repeats count)."""

    depth: int = 0  # levels of fields below it
    cost: int = 0  # each field 1 plus its children's cost, times the page size it asks for
    fields: int = 0  # field selections
    top_fields: int = 0  # fields at its own level except `__typename` (an operation's root fields)
    introspections: int = 0  # `__schema` and `__type` selections
    repeats: int = 0  # most fields sharing one response key in any one selection set below
    keys: Mapping[str, int] = field(default_factory=dict)  # response keys at its own level


class LimitExceeded(Exception):
    """Stops a walk as soon as a limit is passed, so an oversized document costs no more work."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _page_size(node: FieldNode) -> int:
    """Literal `first`/`last`, or the page cap for a variable (validation runs before variables)."""
    for argument in node.arguments or ():
        if argument.name.value in _PAGE_ARGS:
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(1, int(value.value))
            if isinstance(value, VariableNode):
                return settings.GRAPHQL_PAGE_MAX
    return 1


class DocumentAnalysis:
    """Measures the definitions of one document, walking each fragment once.

    A fragment's measure does not depend on where it is spread, so it is computed at its first
    spread and reused at the others: the work is linear in the document, where re-walking every
    spread doubled per level of `F{i} { ...F{i-1} ...F{i-1} }`. A spread that closes a cycle counts
    nothing (the specification's NoFragmentCycles rule reports it), and an unknown fragment counts
    nothing (KnownFragmentNames reports it). The walk stops with `LimitExceeded` once a selection
    set passes `GRAPHQL_MAX_FIELDS` or nests deeper than graphql-core's parser allows.
    """

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._measures: dict[str, Measure] = {}
        self._walking: set[str] = set()
        self.fragment_walks: Counter[str] = Counter()  # stays at 1 per fragment: the memo works

    def operation(self, node: OperationDefinitionNode) -> Measure:
        return self._selection_set(node.selection_set, nesting=0)

    def fragment(self, name: str, nesting: int = 0) -> Measure:
        if name in self._measures:
            return self._measures[name]
        definition = self.fragments.get(name)
        if definition is None or name in self._walking:
            return Measure()
        self._walking.add(name)
        self.fragment_walks[name] += 1
        try:
            measure = self._selection_set(definition.selection_set, nesting=nesting + 1)
        finally:
            self._walking.discard(name)
        self._measures[name] = measure
        return measure

    def _selection_set(self, selection_set: SelectionSetNode | None, nesting: int) -> Measure:
        if nesting > MAX_NESTING_DEPTH:
            # Also keeps this recursive walk far from Python's recursion limit.
            raise LimitExceeded("QUERY_TOO_DEEP", f"Query nests deeper than {MAX_NESTING_DEPTH} levels.")
        depth = cost = fields = top_fields = introspections = repeats = 0
        keys: Counter[str] = Counter()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                part = self._field(selection, nesting)
                keys[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, FragmentSpreadNode):
                part = self.fragment(selection.name.value, nesting)
                keys.update(part.keys)
            elif isinstance(selection, InlineFragmentNode):
                part = self._selection_set(selection.selection_set, nesting + 1)
                keys.update(part.keys)
            else:  # pragma: no cover - the grammar has no other selection
                continue
            depth = max(depth, part.depth)
            cost += part.cost
            fields += part.fields
            top_fields += part.top_fields
            introspections += part.introspections
            repeats = max(repeats, part.repeats)
            if fields > settings.GRAPHQL_MAX_FIELDS:
                raise LimitExceeded(
                    "QUERY_TOO_MANY_FIELDS",
                    f"Query selects more than {settings.GRAPHQL_MAX_FIELDS} fields "
                    "(after expanding fragments, aliases included).",
                )
        repeats = max(repeats, max(keys.values(), default=0))
        return Measure(depth, cost, fields, top_fields, introspections, repeats, keys)

    def _field(self, node: FieldNode, nesting: int) -> Measure:
        children = self._selection_set(node.selection_set, nesting + 1)
        name = node.name.value
        return Measure(
            depth=children.depth + 1,
            cost=_page_size(node) * (1 + children.cost),
            fields=children.fields + 1,
            top_fields=0 if name == "__typename" else 1,
            introspections=children.introspections + (name in _INTROSPECTION),
            repeats=children.repeats,
        )


def _refusal(measure: Measure, operation: OperationType | None) -> LimitExceeded | None:
    """The first limit `measure` exceeds, with its own code; None within limits."""
    limits = [
        ("QUERY_TOO_DEEP", measure.depth, settings.GRAPHQL_MAX_DEPTH, "Query is too deep: depth"),
        ("QUERY_TOO_EXPENSIVE", measure.cost, settings.GRAPHQL_MAX_COST, "Query is too expensive: cost"),
        (
            "QUERY_TOO_MANY_REPEATS",
            measure.repeats,
            settings.GRAPHQL_MAX_REPEATED_FIELDS,
            "Fields sharing one response key in one selection:",
        ),
        (
            "QUERY_TOO_MUCH_INTROSPECTION",
            measure.introspections,
            settings.GRAPHQL_MAX_INTROSPECTION_FIELDS,
            "`__schema`/`__type` selections:",
        ),
    ]
    if operation == OperationType.QUERY:
        limits.append(
            (
                "QUERY_TOO_MANY_ROOT_FIELDS",
                measure.top_fields,
                settings.GRAPHQL_MAX_QUERY_ROOT_FIELDS,
                "Top-level fields in one query:",
            )
        )
    if operation == OperationType.MUTATION:
        limits.append(
            (
                "TOO_MANY_MUTATIONS",
                measure.top_fields,
                settings.GRAPHQL_MAX_MUTATION_FIELDS,
                "Mutations in one operation:",
            )
        )
    for code, value, limit, what in limits:
        if value > limit:
            return LimitExceeded(code, f"{what} {value} exceeds the limit of {limit}.")
    return None


class DocumentLimitsRule(ValidationRule):
    """Refuses a document whose operations or fragments exceed a limit (settings `GRAPHQL_MAX_*`)
    before the specification's rules see it: OverlappingFieldsCanBeMerged compares same-named
    fields and fragments pairwise, so a large document would cost seconds there. Listed first, it
    runs on entering the document and ends the validation with one error."""

    def enter_document(self, node: DocumentNode, *_args: Any) -> None:
        analysis = DocumentAnalysis(node)
        refused: Node = node
        try:
            fragments, limit = len(analysis.fragments), settings.GRAPHQL_MAX_FRAGMENTS
            if fragments > limit:
                # Field merging compares the fragments of a selection set pairwise.
                raise LimitExceeded(
                    "QUERY_TOO_MANY_FRAGMENTS", f"Fragments: {fragments} exceeds the limit of {limit}."
                )
            for refused in node.definitions:
                if isinstance(refused, OperationDefinitionNode):
                    refusal = _refusal(analysis.operation(refused), refused.operation)
                elif isinstance(refused, FragmentDefinitionNode):
                    # Unused fragments are validated too, so they are bounded too.
                    refusal = _refusal(analysis.fragment(refused.name.value), None)
                else:
                    continue
                if refusal is not None:
                    raise refusal
        except LimitExceeded as exceeded:
            # graphql-core's validate() answers this error alone and stops visiting.
            raise ValidationAbortedError(str(exceeded), refused, extensions={"code": exceeded.code}) from None


class IntrospectionDisabledRule(ValidationRule):
    """Refuses `__schema` and `__type` when `GRAPHQL_INTROSPECTION` is off; `__typename` stays."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if not settings.GRAPHQL_INTROSPECTION and node.name.value in _INTROSPECTION:
            self.report_error(
                GraphQLError(
                    "Introspection is disabled on this server.",
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


class SpecificationErrorCodes(ASTValidationRule):
    """Gives every validation error that has no code `GRAPHQL_VALIDATION_FAILED`, like the API's
    own errors. The specification's rules report through the context's `on_error` callback (some
    call the context directly), so this wraps that callback once per document."""

    def __init__(self, context: ASTValidationContext) -> None:
        super().__init__(context)
        report = context.on_error

        def on_error(error: GraphQLError) -> None:
            error.extensions = {"code": SPECIFICATION_ERROR_CODE, **(error.extensions or {})}
            report(error)

        context.on_error = on_error  # type: ignore[method-assign]


VALIDATION_RULES: tuple[type[ASTValidationRule], ...] = (
    DocumentLimitsRule,
    SpecificationErrorCodes,
    *specified_rules,
    IntrospectionDisabledRule,
)
