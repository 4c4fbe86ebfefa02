"""Query depth and cost limits (Saleor's query-cost idea): refuse expensive documents up front."""

from django.conf import settings
from graphql import GraphQLError, ValidationRule
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
)

_PAGE_ARGS = ("first", "last")


_INTROSPECTION = ("__schema", "__type")


def _selections(node, fragments):
    """Fields under `node`, fragments inlined; introspection is exempt (GraphiQL's query is deep
    but bounded by the schema, not by data)."""
    for selection in getattr(node.selection_set, "selections", None) or []:
        if isinstance(selection, FieldNode) and selection.name.value in _INTROSPECTION:
            continue
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _selections(fragment, fragments)
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection, fragments)
        else:
            yield selection


def _depth(node, fragments, level: int = 0) -> int:
    children = [s for s in _selections(node, fragments) if isinstance(s, FieldNode)]
    if not children:
        return level
    return max(_depth(child, fragments, level + 1) for child in children)


def _page_size(field: FieldNode) -> int:
    """Literal `first`/`last`, or the page cap for a variable (validation runs before variables)."""
    for argument in field.arguments or []:
        if argument.name.value in _PAGE_ARGS:
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(1, int(value.value))
            if isinstance(value, VariableNode):
                return settings.GRAPHQL_PAGE_MAX
    return 1


def _cost(node, fragments) -> int:
    """Each field costs 1 plus its children, multiplied by the page size it asks for."""
    total = 0
    for field in _selections(node, fragments):
        if isinstance(field, FieldNode):
            total += _page_size(field) * (1 + _cost(field, fragments))
    return total


def _fragments(context) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)}


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            depth = _depth(node, _fragments(self.context))
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"Query is too deep: depth {depth} exceeds the limit of {max_depth}.",
                        node,
                        extensions={"code": "QUERY_TOO_DEEP"},
                    )
                )

    return DepthLimit


def cost_limit_rule(max_cost: int) -> type[ValidationRule]:
    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            cost = _cost(node, _fragments(self.context))
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"Query is too expensive: cost {cost} exceeds the limit of {max_cost}.",
                        node,
                        extensions={"code": "QUERY_TOO_EXPENSIVE"},
                    )
                )

    return CostLimit
