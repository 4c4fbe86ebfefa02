"""Signals with which accounts tell higher apps that an account is being deleted (anonymised)."""

from django.dispatch import Signal

# Sent with `user` before anything is removed; a receiver refuses by raising DomainError
# (e.g. orders: the buyer still has orders on the way).
account_deletion_check = Signal()
# Sent with `user_id` inside the deletion's transaction once the user row is anonymised: receivers
# remove or anonymise the personal data they keep (address book, carts, order contacts).
account_anonymised = Signal()
