"""API routes of the dmfa app, mounted under /api/v1/."""

urlpatterns: list = []
