from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("konto/", views.AccountDetailView.as_view(), name="account_detail"),
    path("konto/api-tokens/", views.ApiTokenCreateView.as_view(), name="apitoken_create"),
    path(
        "konto/api-tokens/<int:pk>/widerrufen/",
        views.ApiTokenRevokeView.as_view(),
        name="apitoken_revoke",
    ),
]
