from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The plumbing every domain app shares and none owns: the error shape, authentication, encryption,
    PDF and spreadsheet helpers, backup and restore, the table cache. It imports no domain app."""

    name = "core"

    def ready(self):
        from django.db import models
        from rest_framework.serializers import ModelSerializer

        from core import table_cache
        from core.api import DateTimeField

        post_migrate.connect(table_cache.install_change_triggers, sender=self, dispatch_uid="table_cache_triggers")
        ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField
