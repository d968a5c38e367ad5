"""API routes of the dmfa app, mounted under /api/v1/."""

from django.urls import path

from dmfa.api.controls import ControlResultsView
from dmfa.api.views import PersonDeclarationsView

urlpatterns = [
    path("dmfa/controls/", ControlResultsView.as_view(), name="dmfa-control-results"),
    path(
        "dmfa/persons/<str:insz>/declarations/",
        PersonDeclarationsView.as_view(),
        name="dmfa-person-declarations",
    ),
]
