"""conferences pages."""

app_name = "conferences"
urlpatterns: list = []
