"""GraphQL for reviews: a product's reviews and rating, a buyer's reviews, stall and staff moderation."""
