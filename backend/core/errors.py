"""Business errors as data: raised by domain actions, rendered by GraphQL and forms."""

from enum import Enum


class DomainError(Exception):
    """A refusal the caller can act on, with a stable code from a domain's error_codes enum."""

    def __init__(self, code: Enum, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class DomainErrors(Exception):
    """Several field errors found while cleaning one input."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
