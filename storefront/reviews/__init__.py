"""Product reviews in the shop: the block on the product page and the review form."""
