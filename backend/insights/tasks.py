"""Celery tasks for insights (queue `reports`): ids in, one action called."""

from celery import shared_task

from backend.insights import actions


@shared_task(name="insights.sales_refresh")
def sales_refresh(order_id: int) -> None:
    actions.sales_refresh_for_order(order_id=order_id)


@shared_task(name="insights.scans_refresh")
def scans_refresh(scan_id: int) -> None:
    actions.scans_refresh_for_scan(scan_id=scan_id)


@shared_task(name="insights.rebuild")
def rebuild() -> int:
    return actions.insights_rebuild().months
