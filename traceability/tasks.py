"""Traceability background work: stamp issuance (queue `stamps`) and recall emails; ids in, action out."""

from celery import shared_task

# Workers autodiscover only `tasks` modules: importing label_tasks registers its render task too.
from traceability import (
    actions,
    label_tasks,  # noqa: F401
)


@shared_task(name="traceability.stamps.run_job")
def stamp_job_run(job_id: int) -> int:
    """Issue a stamp job's missing stamps; returns how many the job holds afterwards."""
    return actions.stamp_job_run(job_id=job_id).progress


@shared_task(name="traceability.lot_withdrawal_notify")
def lot_withdrawal_notify(lot_id: int) -> int:
    """Email the buyers who received a lot put on hold or recalled."""
    return actions.lot_withdrawal_notify(lot_id=lot_id)
