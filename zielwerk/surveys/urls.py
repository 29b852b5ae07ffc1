"""surveys pages."""

app_name = "surveys"
urlpatterns: list = []
