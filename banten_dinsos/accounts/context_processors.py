from .navigation import navigation_for
from .scoping import scope_describe


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user),
        "user_scope": scope_describe(user),
        "can_use_admin": can_use_admin(user),
    }


def can_use_admin(user) -> bool:
    """The admin site is offered only to someone it lets in and shows something to: staff with at least one model
    permission (a staff account without any is told "Anda tidak memiliki izin", a dead end)."""
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.get_all_permissions()))
