"""The Jitupasna arithmetic, in ``Decimal`` only, in one place.

Damage (kerusakan) = Σ over the damage classes of units × pre-disaster unit cost × class factor.
Loss (kerugian) = lost income + extra costs until recovery.
Needs (kebutuhan) = reconstruction (damage × (1 + build-back-better uplift)) + recovery of losses + restoring
access + restoring function + reducing increased risk.

A computed amount is rounded half-up to the whole rupiah once, where it is computed (per damage entry, per
sector × kabupaten/kota for reconstruction); every total is the sum of those rounded amounts.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

from clusters.models import DamageClass

RUPIAH = Decimal("1")
HUNDRED = Decimal("100")
# Enough significant digits that no product of the largest stored values is ever rounded before ``to_rupiah``.
PRECISION = 60


def to_rupiah(amount: Decimal) -> Decimal:
    """Round half-up to the whole rupiah."""
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def damage_amount(*, units: Mapping[str, Decimal], unit_cost: Decimal, factors: Mapping[str, Decimal]) -> Decimal:
    """units × unit cost × class factor, summed over the classes, rounded to the rupiah."""
    with localcontext(prec=PRECISION):
        exact = sum((units[name] * factors[name] for name in DamageClass.values), Decimal(0)) * unit_cost
        return to_rupiah(exact)


def reconstruction_amount(*, damage: Decimal, uplift_percent: Decimal) -> Decimal:
    """The cost of rebuilding the damage better: damage × (100 + uplift) / 100, rounded to the rupiah."""
    with localcontext(prec=PRECISION):
        return to_rupiah(damage * (HUNDRED + uplift_percent) / HUNDRED)
