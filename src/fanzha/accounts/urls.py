from django.urls import path

from fanzha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("security/", views.security, name="security"),
    path("security/password/", views.password_change, name="password_change"),
    path("security/tokens/", views.token_create, name="token_create"),
    path("security/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
