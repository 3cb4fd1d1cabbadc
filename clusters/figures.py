"""The cluster-status figures, declared once: the API's row and total serializers and the HXL columns of the
exports are generated from these lists, so a figure added here appears everywhere with one label and one tag."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _l


@dataclass(frozen=True)
class Figure:
    """One whole-number figure: its key in the read model, its column label, its HXL hashtag, and a note."""

    name: str
    label: Promise
    hxl: str
    help_text: str = ""


# DIBI impact: describes a kabupaten/kota (the latest verified report of each of its areas), whatever the cluster.
IMPACT_FIGURES = [
    Figure("dead", _l("Dead"), "#affected+killed"),
    Figure("missing", _l("Missing"), "#affected+missing"),
    Figure("injured", _l("Injured"), "#affected+injured"),
    Figure("affected_people", _l("Affected (people)"), "#affected"),
    Figure("affected_families", _l("Affected (KK)"), "#affected+hh"),
    Figure("displaced", _l("Displaced"), "#affected+displaced"),
    Figure("houses_heavily_damaged", _l("Houses RB"), "#affected+houses+damaged+heavy"),
    Figure("houses_moderately_damaged", _l("Houses RS"), "#affected+houses+damaged+moderate"),
    Figure("houses_lightly_damaged", _l("Houses RR"), "#affected+houses+damaged+light"),
    Figure("houses_submerged", _l("Houses submerged"), "#affected+houses+submerged"),
    Figure(
        "areas_reported",
        _l("Areas reported"),
        "#indicator+areas_reported+num",
        "Areas whose latest verified report is counted.",
    ),
]

# Needs and 3W: belong to one cluster in one kabupaten/kota.
CLUSTER_FIGURES = [
    Figure("needs_open", _l("Open needs"), "#indicator+needs_open+num"),
    Figure("people_in_need", _l("People in need"), "#inneed"),
    Figure("activities_planned", _l("Activities planned"), "#indicator+activities+planned+num"),
    Figure("activities_ongoing", _l("Activities ongoing"), "#indicator+activities+ongoing+num"),
    Figure("activities_completed", _l("Activities completed"), "#indicator+activities+completed+num"),
    Figure("people_reached", _l("People reached"), "#reached"),
    Figure("gap", _l("Gap"), "#inneed+gap", "People in need not yet reached (never below 0)."),
]


def add_reported(total: int | None, value: int | None) -> int | None:
    """Sum two counts where None means "not reported": unknowns are never added as zeros, and a sum of nothing
    reported stays None ("belum dilaporkan")."""
    if value is None:
        return total
    return value if total is None else total + value


def sum_reported(values) -> int | None:
    total = None
    for value in values:
        total = add_reported(total, value)
    return total
