"""Pages of the repertory app (mounted under the language prefix)."""

app_name = "repertory"
urlpatterns: list = []
