"""Browsing the shop: home, search, categories, products, stalls and what search engines read."""
