from django.urls import path

from . import views_indicators

urlpatterns: list = [
    path(
        "teilnehmende/kennzahlen/<int:year>/",
        views_indicators.IndicatorView.as_view(),
        name="indicators",
    ),
    path(
        "teilnehmende/zugriffe/",
        views_indicators.AccessLogListView.as_view(),
        name="access_log",
    ),
]
