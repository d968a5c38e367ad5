"""API routes of the repertory app, mounted under /api/v1/."""

urlpatterns: list = []
