"""Pages of the repertory app (mounted under the language prefix)."""

from django.urls import path, re_path

from repertory import views

app_name = "repertory"
urlpatterns = [
    path("employer-category/", views.employer_category, name="employer-category"),
    re_path(r"^employers/(?P<number>[0-9]{3,10})/$", views.employer_detail, name="employer-detail"),
]
