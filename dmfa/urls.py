"""Pages of the dmfa app (mounted under the language prefix)."""

from django.urls import path

from dmfa import views

app_name = "dmfa"
urlpatterns = [
    path("dmfa/", views.search, name="search"),
    path("dmfa/employer/", views.employer, name="employer"),
]
