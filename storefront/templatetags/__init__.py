"""Template tags of the shop's pages and the site header."""
