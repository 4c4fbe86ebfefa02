"""The typed failures every carrier client raises, so callers can fall back or retry by kind."""


class CarrierError(Exception):
    """Base of every failure talking to a carrier. Messages never carry credentials."""


class CarrierUnavailable(CarrierError):
    """The carrier could not be reached or answered nothing usable (timeout, 5xx, malformed body)."""


class CarrierRefused(CarrierError):
    """The carrier understood the request and said no (its own error code and message)."""

    def __init__(self, code: int | str, message: str, *, reason: str = "") -> None:
        self.code = code
        self.message = message
        # GHN's `code_message` (e.g. "USER_ERR_COMMON"), when it sends one.
        self.reason = reason
        super().__init__(f"carrier refused ({code}{', ' + reason if reason else ''}): {message}")


class CarrierRateLimited(CarrierError):
    """HTTP 429: the caller should wait `retry_after` seconds (None when the carrier did not say)."""

    def __init__(self, retry_after: float | None) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"carrier rate limit, retry after {retry_after if retry_after is not None else '?'} s"
        )
