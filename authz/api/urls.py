"""API routes of the authz app, mounted under /api/v1/."""

urlpatterns: list = []
