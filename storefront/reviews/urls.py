"""Review URLs."""

urlpatterns: list = []
