"""Decimal shapes shared by the Jitupasna endpoints: amounts are whole rupiah, as decimal strings."""

AMOUNT = {"max_digits": 20, "decimal_places": 0, "read_only": True}
PERCENT = {"max_digits": 5, "decimal_places": 2}
FACTOR = {"max_digits": 4, "decimal_places": 3}
