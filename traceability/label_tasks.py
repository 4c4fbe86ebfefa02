"""Label-sheet rendering in the background (queue `stamps`): the job id in, the action out."""

from celery import shared_task

from traceability import label_jobs


@shared_task(name="traceability.stamps.render_labels")
def label_job_run(job_id: int) -> int:
    """Render a label job's file; returns how many labels it holds."""
    return label_jobs.label_job_run(job_id=job_id).progress
