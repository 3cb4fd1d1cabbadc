"""Django admin: every pattern is behind ``admin_view``, which lets only ``is_staff`` users in. No role of the
portal is staff (operators are made superusers by hand), so all six roles are sent to the admin login, reads and
writes alike. The rows of each registered model are generated from the admin registry (the five standard views
and the object shortcut); any other admin URL (a ModelAdmin's own ``get_urls``) needs a row written here, or the
completeness test fails. Positive control: ``test_admin.py`` opens every changelist and add page as a superuser."""

from django.contrib import admin

from .spec import row

EVERYONE_OUT = "admin admin admin admin admin admin"
# Past the changelist (asked of every role), one gate guards every view: anonymous and staf provinsi, the widest
# role, are enough to show it holds there too.
GATE = "admin - - - - admin"


def _model_rows():
    rows = []
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        rows += [
            row(f"admin:{app}_{name}_changelist", GET=EVERYONE_OUT, POST=GATE),
            row(f"admin:{app}_{name}_add", GET=GATE, POST=GATE),
        ]
        for view in ("history", "delete", "change"):
            rows.append(
                row(
                    f"admin:{app}_{name}_{view}",
                    kw=lambda w: {"object_id": "1"},
                    GET=GATE,
                    **({} if view == "history" else {"POST": GATE}),
                )
            )
        rows.append(
            row(
                f"admin/{app}/{name}/<path:object_id>/",
                path=lambda w, app=app, name=name: f"/admin/{app}/{name}/1/",
                GET=GATE,
            )
        )
    return rows


ROWS = [
    *_model_rows(),
    row("admin:auth_user_password_change", kw=lambda w: {"id": w.petugas_in.pk}, GET=EVERYONE_OUT, POST=EVERYONE_OUT),
    row("admin:index", GET=EVERYONE_OUT),
    row("admin:login", GET="200. 200. 200. 200. 200. 200."),
    row("admin:logout", GET="3xx 3xx 3xx 3xx 3xx 3xx"),
    row("admin:password_change", GET=EVERYONE_OUT, POST=EVERYONE_OUT),
    row("admin:password_change_done", GET=EVERYONE_OUT),
    row("admin:autocomplete", GET=EVERYONE_OUT),
    row("admin:jsi18n", GET=EVERYONE_OUT),
    row("admin:view_on_site", kw=lambda w: {"content_type_id": "1", "object_id": "1"}, GET=EVERYONE_OUT),
    row("admin:app_list", kw=lambda w: {"app_label": "clusters"}, GET=EVERYONE_OUT),
    row("admin/(?P<url>.*)$", path=lambda w: "/admin/tidak-ada/", GET=EVERYONE_OUT),
]
