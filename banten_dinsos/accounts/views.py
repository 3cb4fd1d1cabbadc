from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .roles import permissions_of
from .scoping import scope_describe
from .services import user_token_regenerate


@login_required
def profile(request):
    """The signed-in user's role, scope and API token."""
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/profile.html",
        {
            "scope": scope_describe(request.user),
            "permissions": sorted(permissions_of(request.user)),
            "has_token": token is not None,
            "new_token": request.session.pop("new_token", None),
        },
    )


@login_required
@require_POST
def token_regenerate(request):
    token = user_token_regenerate(user=request.user)
    # Shown once on the next page, never put in a URL.
    request.session["new_token"] = token.key
    messages.success(request, _("A new API token was created. The old one no longer works."))
    return redirect("accounts:profile")
