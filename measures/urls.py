"""Pages of the measures app (mounted under the language prefix)."""

from django.urls import path, re_path

from measures import views
from measures.calculator import views as calculator
from measures.changes import views as changes

app_name = "measures"
urlpatterns = [
    path("measures/", views.catalogue, name="list"),
    re_path(r"^measures/export\.(?P<fmt>csv|json)$", views.export, name="export"),
    path("measures/verify/", views.verify_report, name="verify"),
    path("measures/changes/", changes.change_log, name="changes"),
    re_path(r"^measures/changes\.atom$", changes.ChangeFeed(), name="changes-feed"),
    path("measures/<slug:code>/", views.detail, name="detail"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("calculator/scenarios/", calculator.scenario_list, name="scenarios"),
    path("calculator/scenarios/compare/", calculator.scenario_compare, name="scenario-compare"),
    path("calculator/scenarios/<int:pk>/", calculator.scenario_detail, name="scenario"),
    path("calculator/scenarios/<int:pk>/edit/", calculator.scenario_edit, name="scenario-edit"),
    path("calculator/scenarios/<int:pk>/duplicate/", calculator.scenario_duplicate, name="scenario-duplicate"),
    path("calculator/scenarios/<int:pk>/delete/", calculator.scenario_delete, name="scenario-delete"),
    re_path(
        r"^calculator/scenarios/(?P<pk>[0-9]+)/export\.(?P<fmt>csv|pdf)$",
        calculator.scenario_export,
        name="scenario-export",
    ),
]
