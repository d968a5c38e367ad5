"""URLs: language-prefixed pages per app, accounts, admin, API and the health check."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import views

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler429 = "foundation.http.too_many_requests"
handler500 = "portal.views.server_error"

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("authz.api.urls")),
    path("", include("repertory.api.urls")),
    path("", include("measures.api.urls")),
    path("", include("dmfa.api.urls")),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("", include("authz.urls")),
    path("", include("repertory.urls")),
    path("", include("measures.urls")),
    path("", include("dmfa.urls")),
    path("", include("jobseekers.urls")),
    prefix_default_language=True,
)
