"""A buyer's own pages: orders, saved addresses and reviews."""
