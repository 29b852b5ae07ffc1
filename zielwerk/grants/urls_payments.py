from django.urls import path

from . import views_payments as views

urlpatterns: list = [
    path(
        "zuwendung/<int:year>/<slug:region>/mittelabrufe/",
        views.PaymentListView.as_view(),
        name="payment_list",
    ),
    path(
        "zuwendung/<int:year>/<slug:region>/mittelabrufe/neu/",
        views.PaymentRequestCreateView.as_view(),
        name="payment_request_create",
    ),
    path(
        "mittelabrufe/<int:pk>/schritt/<slug:name>/",
        views.PaymentRequestTransitionView.as_view(),
        name="payment_request_transition",
    ),
    path(
        "auszahlungen/<int:pk>/verwendung/",
        views.PaymentUsedView.as_view(),
        name="payment_used",
    ),
]
