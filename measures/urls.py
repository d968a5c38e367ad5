"""Pages of the measures app (mounted under the language prefix)."""

app_name = "measures"
urlpatterns: list = []
