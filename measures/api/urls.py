"""API routes of the measures app, mounted under /api/v1/."""

from django.urls import path

from measures.api import views

urlpatterns = [
    path("measures/", views.MeasureList.as_view(), name="measure-list"),
    path("measures/<slug:code>/", views.MeasureDetail.as_view(), name="measure-detail"),
    path("calculations/", views.CalculationView.as_view(), name="calculation-create"),
]
