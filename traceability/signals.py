"""Signals traceability sends so that apps above it (insights) learn of scans without it importing them."""

from django.dispatch import Signal

# Sent right after a scan row is stored, with `scan`; insights refreshes that day's scan figures
# once the row is committed.
scan_recorded = Signal()
