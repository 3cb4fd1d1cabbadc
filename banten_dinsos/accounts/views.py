from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .roles import permissions_of
from .scoping import scope_describe
from .services import user_token_regenerate
from .tokens import api_token_revoke, api_tokens_of


@login_required
def profile(request):
    """The signed-in user's role, scope and API token."""
    tokens = list(api_tokens_of(user=request.user))
    return render(
        request,
        "accounts/profile.html",
        {
            "scope": scope_describe(request.user),
            "permissions": sorted(permissions_of(request.user)),
            "has_token": bool(tokens),
            "tokens": tokens,
            "new_token": request.session.pop("new_token", None),
        },
    )


@login_required
@require_POST
def token_regenerate(request):
    _token, key = user_token_regenerate(user=request.user, name=str(_("Created on My account")))
    # Shown once on the next page, never put in a URL.
    request.session["new_token"] = key
    messages.success(request, _("A new API token was created. The old one no longer works."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk):
    """Revoke one of the user's own tokens; the id of someone else's token answers 404 like a missing one."""
    if not api_token_revoke(user=request.user, token_id=pk):
        raise Http404
    messages.success(request, _("The API token was revoked; it no longer works."))
    return redirect("accounts:profile")
