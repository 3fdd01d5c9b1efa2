from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The browser workspace (工作台): pages over the other apps' selectors and services; nothing depends on it."""

    name = "workspace"
    verbose_name = _("workspace")

    def ready(self):
        from workspace import jobs  # noqa: F401 (registers its job kinds)
