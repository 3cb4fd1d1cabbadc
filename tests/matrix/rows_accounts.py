"""Accounts, the dashboard, the audit log, reference data, API schema and the project-level URLs."""

from banten_dinsos.accounts.tokens import api_token_create

from .spec import row

BUILD_ORDER = 10
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/accounts/test_auth.py, tests/accounts/test_permissions.py"


def build(w):
    w.api_token, _key = api_token_create(user=w.petugas_in, name="Token Matriks")


ROWS = [
    row(
        "accounts:profile",
        covered_by=COVERED,
        text=lambda w: "matrix.",
        GET="login 200 200 200 200 200",
        POST="login 200 200 200 200 200",
    ),  # akun/profile/
    row(
        "accounts:token-regenerate", covered_by=COVERED, GET="login - - - - 405", POST="login 3xx 3xx 3xx 3xx 3xx"
    ),  # akun/profile/token/
    row("api-token", covered_by=COVERED, api=True, POST="400 400 400 400 400 400"),  # api/v1/auth/token/
    row("api-me", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/me/
    row("dashboard:home", GET="login 200. 200. 200. 200. 200."),  #
    row("dashboard:panels", GET="login 200. 200. 200. 200. 200."),  # dasbor/panel/
    row("accounts:login", GET="200. 3xx 3xx 3xx 3xx 3xx"),  # akun/login/
    row("accounts:logout", GET="405 - - - - 405", POST="login login login login login login"),  # akun/logout/
    row("set_language", GET="3xx 3xx 3xx 3xx 3xx 3xx"),  # i18n/setlang/
    row("healthz", GET="503 503 503 503 503 503", POST="405 405 405 405 405 405"),  # healthz
    row("audit:list", GET="login 403 403 403 403 200."),  # audit/
    row("api-region-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/regions/
    row("api-agency-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/agencies/
    row("schema", api=True, GET="200. 200. 200. 200. 200. 200."),  # api/schema/
    row("swagger-ui", api=True, GET="200. 200. 200. 200. 200. 200."),  # api/docs/
    row(
        "accounts:password-change",
        covered_by="tests/accounts/test_security_password.py",
        GET="login 200. 200. 200. 200. 200.",
        POST="login 200. 200. 200. 200. 200.",
    ),
    row("accounts:password-change-done", GET="login 200. 200. 200. 200. 200."),
    row(
        "accounts:password-reset",
        covered_by="tests/accounts/test_security_password.py",
        GET="200. 200. 200. 200. 200. 200.",
        POST="200. 200. 200. 200. 200. 200.",
    ),
    row("accounts:password-reset-done", GET="200. 200. 200. 200. 200. 200."),
    row(
        "accounts:password-reset-confirm",
        kw=lambda w: {"uidb64": "MQ", "token": "set-password"},
        note="an unknown link: the form says it is invalid",
        GET="200. 200. 200. 200. 200. 200.",
    ),
    row("accounts:password-reset-complete", GET="200. 200. 200. 200. 200. 200."),
    row(
        "accounts:token-revoke",
        kw=lambda w: {"pk": w.api_token.pk},
        note="a token is its owner's alone: anyone else's revoke answers 404 and revokes nothing",
        covered_by="tests/accounts/test_security_tokens.py",
        GET="login - - - - 405",
        POST="login 404 3xx 404 404 404",
    ),
]
