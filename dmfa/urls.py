"""Pages of the dmfa app (mounted under the language prefix)."""

from django.urls import path

from dmfa import views
from dmfa.controls import views as controls

app_name = "dmfa"
urlpatterns = [
    path("dmfa/", views.search, name="search"),
    path("dmfa/employer/", views.employer, name="employer"),
    path("dmfa/controls/", controls.index, name="controls"),
    path("dmfa/controls/results/", controls.results, name="controls-results"),
    path("dmfa/controls/report/", controls.report, name="controls-report"),
    path("dmfa/controls/jobs/new/", controls.new_job, name="controls-new-job"),
    path("dmfa/controls/jobs/<int:pk>/", controls.job_detail, name="controls-job"),
    path("dmfa/controls/statements/new/", controls.new_statement, name="controls-new-statement"),
    path("dmfa/controls/import/", controls.import_file, name="controls-import"),
    path("dmfa/controls/batch/", controls.start_batch, name="controls-batch"),
    path("dmfa/controls/batch/<int:pk>/", controls.run_status, name="controls-run"),
]
