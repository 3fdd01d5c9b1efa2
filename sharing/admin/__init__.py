"""The admin autodiscovery imports this package; importing its modules registers their admin classes."""

from sharing.admin import departments, groups, secondments  # noqa: F401
