"""How figures and lists read to a person, in either language: money with two decimals and thousands
separators, and lists joined the way each language joins them (、 in Chinese, a comma in English)."""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext


def money(value: Decimal | int | str) -> str:
    """12345.6 -> '12,345.60' (yuan; the unit is the caller's sentence)."""
    return f"{Decimal(value):,.2f}"


def listing(items: Iterable[object]) -> str:
    # Translators: the separator between the items of a list.
    return gettext(", ").join(str(item) for item in items)
