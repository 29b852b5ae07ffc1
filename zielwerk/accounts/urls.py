from django.urls import path

from . import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path(
        "anmelden/zweiter-faktor/",
        views_two_factor.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
    path("konto/", views.AccountDetailView.as_view(), name="account_detail"),
    path(
        "konto/zwei-faktor/einrichten/",
        views_two_factor.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path(
        "konto/zwei-faktor/entfernen/",
        views_two_factor.TwoFactorRemoveView.as_view(),
        name="two_factor_remove",
    ),
    path("konto/api-tokens/", views.ApiTokenCreateView.as_view(), name="apitoken_create"),
    path(
        "konto/api-tokens/<int:pk>/widerrufen/",
        views.ApiTokenRevokeView.as_view(),
        name="apitoken_revoke",
    ),
]
