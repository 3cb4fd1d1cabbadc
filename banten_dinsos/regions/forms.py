from django import forms


class DesaChoiceField(forms.ModelChoiceField):
    """A desa/kelurahan named with its kecamatan and code, since many desa share a name."""

    def label_from_instance(self, region):
        return f"{region.name} — {region.parent.name} ({region.code})"
