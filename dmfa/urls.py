"""Pages of the dmfa app (mounted under the language prefix)."""

app_name = "dmfa"
urlpatterns: list = []
