from django.urls import path

from . import views

app_name = "budgets"
urlpatterns = [
    path("haushalt/<int:year>/", views.BudgetOverviewView.as_view(), name="overview"),
    path(
        "haushalt/<int:year>/vergleich/",
        views.KeyComparisonView.as_view(),
        name="key_comparison",
    ),
    path(
        "haushalt/zuweisung/<int:pk>/aendern/",
        views.AllocationReviseView.as_view(),
        name="allocation_revise",
    ),
]
