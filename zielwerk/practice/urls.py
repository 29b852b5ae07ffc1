"""practice pages."""

app_name = "practice"
urlpatterns: list = []
