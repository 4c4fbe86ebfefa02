"""A buyer's account URLs."""

urlpatterns: list = []
