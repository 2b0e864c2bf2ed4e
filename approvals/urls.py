"""Decision notice URLs."""

app_name = "approvals"

urlpatterns: list = []
