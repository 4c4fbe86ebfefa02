"""Product reviews by verified buyers, the stall's replies and reports, and staff moderation."""
