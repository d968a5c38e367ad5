"""Pages of the authz app (mounted under the language prefix)."""

from django.urls import path

from authz import views

app_name = "authz"
urlpatterns = [
    path("mandates/", views.mandate_employers, name="mandate-employers"),
    path("mandates/<str:repertory>/<str:number>/", views.employer_mandates, name="mandates"),
    path("mandates/accesses/<int:pk>/end/", views.end_access, name="end-access"),
    path("mandates/invitations/<int:pk>/withdraw/", views.withdraw_invitation, name="withdraw-invitation"),
    path("mandate-invitation/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("acting-for/", views.acting_for, name="acting-for"),
    path("audit/disclosures/", views.audit_disclosures, name="audit-disclosures"),
    path("audit/disclosures/export.csv", views.audit_export, name="audit-disclosures-export"),
    path("audit/disclosures/verify/", views.audit_verify, name="audit-verify"),
    path("my-data/disclosures/", views.my_disclosures, name="my-disclosures"),
    path("my-data/api-token/", views.api_token, name="api-token"),
]
