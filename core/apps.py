from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every domain app shares and none owns: the error shape, authentication, encryption,
    PDF and spreadsheet helpers, backup and restore, the table cache. It imports no domain app."""

    name = "core"

    def ready(self):
        from django.db import models
        from rest_framework.serializers import ModelSerializer

        from core.api import DateTimeField

        ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField
