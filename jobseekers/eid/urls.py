"""The eID log-in's URLs, included by allauth under /accounts/ (allauth.urls imports each provider's package urls)."""

from django.urls import path

from jobseekers.eid import views

urlpatterns = [
    path("eid/login/", views.login, name="eid_login"),
    path("eid/login/callback/", views.callback, name="eid_callback"),
]
