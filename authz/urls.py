"""Pages of the authz app (mounted under the language prefix)."""

app_name = "authz"
urlpatterns: list = []
