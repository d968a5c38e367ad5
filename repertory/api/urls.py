"""API routes of the repertory app, mounted under /api/v1/."""

from django.urls import re_path

from repertory.api.views import EmployerRecordView

urlpatterns = [
    re_path(r"^employers/(?P<number>[0-9]{3,10})/$", EmployerRecordView.as_view(), name="employer-detail"),
]
