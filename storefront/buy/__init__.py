"""Buying: the cart grouped by stall, checkout, payment pages, confirmation and order tracking."""
