"""Infrastructure tasks: a round-trip probe used by health checks and the worker integration test."""

from celery import shared_task


@shared_task(name="core.ping")
def ping(value: str) -> str:
    """Echo `value` back so a caller can prove a worker consumed and answered its message."""
    return f"pong:{value}"
