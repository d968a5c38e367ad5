"""API routes of the dmfa app, mounted under /api/v1/."""

from django.urls import path

from dmfa.api.views import PersonDeclarationsView

urlpatterns = [
    path(
        "dmfa/persons/<str:insz>/declarations/",
        PersonDeclarationsView.as_view(),
        name="dmfa-person-declarations",
    ),
]
