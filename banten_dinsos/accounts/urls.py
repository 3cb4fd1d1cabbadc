from django.contrib.auth import views as auth_views
from django.urls import path

from . import password, views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.token_regenerate, name="token-regenerate"),
    path("profile/token/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("password/", password.password_change, name="password-change"),
    path("password/done/", password.password_change_done, name="password-change-done"),
    path("password/reset/", password.password_reset, name="password-reset"),
    path("password/reset/sent/", password.password_reset_done, name="password-reset-done"),
    path("password/reset/<uidb64>/<token>/", password.password_reset_confirm, name="password-reset-confirm"),
    path("password/reset/complete/", password.password_reset_complete, name="password-reset-complete"),
]
