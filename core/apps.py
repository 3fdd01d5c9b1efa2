from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every domain app shares and none owns: the error shape, authentication, encryption,
    PDF and spreadsheet helpers, backup and restore, the table cache. It imports no domain app."""

    name = "core"
