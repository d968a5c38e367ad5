"""Pages of the measures app (mounted under the language prefix)."""

from django.urls import path, re_path

from measures import views

app_name = "measures"
urlpatterns = [
    path("measures/", views.catalogue, name="list"),
    re_path(r"^measures/export\.(?P<fmt>csv|json)$", views.export, name="export"),
    path("measures/<slug:code>/", views.detail, name="detail"),
]
