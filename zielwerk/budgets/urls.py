from django.urls import path

from . import views, views_allocations, views_controlling, views_keys

app_name = "budgets"
urlpatterns = [
    path("haushalt/<int:year>/", views.BudgetOverviewView.as_view(), name="overview"),
    path(
        "haushalt/<int:year>/vergleich/",
        views.KeyComparisonView.as_view(),
        name="key_comparison",
    ),
    path(
        "haushalt/<int:year>/controlling/",
        views_controlling.ControllingView.as_view(),
        name="controlling",
    ),
    path(
        "haushalt/<int:year>/controlling.csv",
        views_controlling.ControllingCsvView.as_view(),
        name="controlling_csv",
    ),
    path(
        "haushalt/<int:year>/controlling.xlsx",
        views_controlling.ControllingXlsxView.as_view(),
        name="controlling_xlsx",
    ),
    path(
        "haushalt/zuweisung/<int:pk>/aendern/",
        views.AllocationReviseView.as_view(),
        name="allocation_revise",
    ),
    path(
        "haushalt/zuweisung/<int:pk>/",
        views_allocations.AllocationDetailView.as_view(),
        name="allocation_detail",
    ),
    path(
        "haushalt/zuweisung/<int:pk>/fassung/<int:number>/schreiben.pdf",
        views_allocations.AllocationLetterView.as_view(),
        name="allocation_letter",
    ),
    path(
        "haushalt/<int:year>/umverteilung/",
        views_allocations.ReallocationView.as_view(),
        name="allocation_reallocate",
    ),
    path(
        "haushalt/<int:year>/abschliessen/",
        views_allocations.FinalizeView.as_view(),
        name="allocation_finalize",
    ),
    path(
        "haushalt/<int:year>/indikatoren/",
        views_keys.IndicatorValuesView.as_view(),
        name="indicator_values",
    ),
    path(
        "haushalt/<int:year>/indikatoren/vorlage.csv",
        views_keys.IndicatorTemplateView.as_view(),
        name="indicator_template",
    ),
    path(
        "haushalt/<int:year>/schluessel/neu/",
        views_keys.KeyComputeView.as_view(),
        name="key_compute",
    ),
    path(
        "haushalt/<int:year>/schluessel/manuell/",
        views_keys.KeyManualView.as_view(),
        name="key_manual",
    ),
    path("haushalt/schluessel/<int:pk>/", views_keys.KeyDetailView.as_view(), name="key_detail"),
    path(
        "haushalt/schluessel/<int:pk>/veroeffentlichen/",
        views_keys.KeyPublishView.as_view(),
        name="key_publish",
    ),
    path(
        "haushalt/schluessel/<int:pk>/mitteilen/",
        views_keys.KeyAnnounceView.as_view(),
        name="key_announce",
    ),
]
