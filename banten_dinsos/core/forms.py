from django import forms
from django.core.exceptions import ValidationError


class BootstrapFormMixin:
    """Bootstrap classes on every widget, so templates can render fields in a loop. Call ``_style_fields()``."""

    def _style_fields(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                css = "list-unstyled mb-0"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            # Ids are left to Django (auto_id), so prefixed forms keep matching labels.
            widget.attrs.setdefault("class", css)


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (on the whole form when it names none)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def form_response_status(request, *forms) -> int:
    """400 when a posted form comes back with errors (so clients and tests can tell), 200 otherwise."""
    return 400 if request.method == "POST" and any(form.is_bound and form.errors for form in forms) else 200
