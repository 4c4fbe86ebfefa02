"""Signals stalls sends so that catalog, above it, follows a stall's changes without stalls importing it."""

from django.dispatch import Signal

# Sent inside the transaction that renames a stall, with `stall` (its new name saved); catalog
# refreshes the search documents of the stall's products, which contain the name.
stall_renamed = Signal()
