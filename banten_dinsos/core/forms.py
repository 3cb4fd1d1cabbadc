from django import forms


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
