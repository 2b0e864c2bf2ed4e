"""Funding stream and grant URLs."""

app_name = "grants"

urlpatterns: list = []
