"""URLs of the job seekers' pages (no identifier in any of them: the person is the one logged in)."""

from django.urls import path

from jobseekers import views

app_name = "jobseekers"

urlpatterns = [
    path("jobseeker/", views.start, name="start"),
    path("jobseeker/profile/", views.profile_page, name="profile"),
    path("jobseeker/measures/", views.measures_page, name="measures"),
    path("jobseeker/summary/", views.summary_page, name="summary"),
    path("jobseeker/summary.pdf", views.summary_pdf, name="summary-pdf"),
]
