from django.urls import include, path

from demo_oidc import views

urlpatterns = [
    path("login/", views.choose_citizen, name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
