"""The audit trail for auditors, in Chinese: the entries /api/v1/audit/ gives, filtered by the API's own
FilterSet (talent.filters.LogEntryFilter), so the page and the API cannot disagree on what a filter means.

Personal data is shown as the trail stores it: masked before it was written (core.crypto.mask_for_audit)."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from talent import roles
from talent.filters import LogEntryFilter
from talent.serializers.people import AUDIT_ACTIONS
from workspace.pages import Column, page, sorted_table

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("created"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("read personal data"),
}
# Sign-ins are access entries on the user carrying one of these events (core.auth.SIGN_IN_EVENTS).
EVENT_LABELS = {
    "login": gettext_lazy("signed in"),
    "logout": gettext_lazy("signed out"),
    "login_failed": gettext_lazy("sign-in failed"),
}
NONE_STORED = "None"  # how auditlog writes an empty value
BOOLEAN_LABELS = {"True": gettext_lazy("yes"), "False": gettext_lazy("no")}  # as auditlog writes booleans
M2M_LABELS = {"add": pgettext_lazy("many-to-many", "added"), "delete": pgettext_lazy("many-to-many", "removed")}


def _event(entry: LogEntry) -> str | None:
    data = entry.additional_data
    return data.get("event") if isinstance(data, dict) else None


def what_happened(entry: LogEntry) -> str:
    event = _event(entry)
    if entry.action == LogEntry.Action.ACCESS and event in EVENT_LABELS:
        return str(EVENT_LABELS[event])
    return str(ACTION_LABELS.get(entry.action, entry.action))


def _model_label(model) -> str:
    return str(model._meta.verbose_name) if model is not None else _("a record type no longer in use")


def _shown(value) -> str:
    if value in (None, NONE_STORED, ""):
        return "—"
    return str(BOOLEAN_LABELS.get(value, value))


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):  # a record type or field since removed: its stored name
        return name


def changes_of(entry: LogEntry) -> list[tuple[str, str]]:
    """(field's verbose name, what changed) per changed field: "before → after" as auditlog displays the values
    (choices by their labels, related records by name), or for a many-to-many field who was added or removed."""
    if not entry.changes:
        return []
    model = entry.content_type.model_class()
    displayed = entry.changes_display_dict if model is not None else {}
    found = []
    for name, values in entry.changes_dict.items():
        label = _field_label(model, name)
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add"|"delete", "objects": [...]}
            operation = M2M_LABELS.get(values.get("operation"), values.get("operation"))
            found.append((label, f"{operation} {'、'.join(map(str, values.get('objects', [])))}"))
        else:
            before, after = displayed.get(label, values)[:2]
            found.append((label, f"{_shown(before)} → {_shown(after)}"))
    return found


class AuditTrailFilter(LogEntryFilter):
    """The API's filters with Chinese labels, a list of record types and date-time pickers; the values and
    their meaning are the API's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        models = sorted({*auditlog.get_models(), get_user_model()}, key=_model_label)
        fields["model"] = forms.ChoiceField(label=_("record type"), required=False, choices=[
            ("", _("all")), *((model._meta.model_name, _model_label(model)) for model in models)])
        fields["object_pk"].label = _("record number")
        fields["actor"].label = _("username")
        for name in ("action", "event"):
            fields[name].empty_label = _("all")  # before the choices: setting them reads it
        fields["action"].label = _("action")
        fields["action"].choices = [(name, ACTION_LABELS[code]) for code, name in AUDIT_ACTIONS.items()]
        fields["action"].help_text = ""  # the API's help names its codes; here the choices read in Chinese
        fields["event"].label = _("sign-in event")
        fields["event"].choices = list(EVENT_LABELS.items())
        fields["event"].help_text = _("Sign-ins only.")
        for name, label in (("since", _("from")), ("until", _("until"))):
            fields[name].label = label
            fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _row(entry: LogEntry) -> list:
    model = entry.content_type.model_class()
    who = "—"
    if entry.actor is not None:
        name = f"{entry.actor.last_name}{entry.actor.first_name}".strip()
        who = f"{entry.actor.username}（{name}）" if name else entry.actor.username
    return [
        timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
        who,
        what_happened(entry),
        f"{_model_label(model)}：{entry.object_repr}",
        entry.remote_addr or "—",
        _changes_list(changes_of(entry)),
    ]


def _changes_list(changes: list[tuple[str, str]]) -> str:
    if not changes:
        return "—"
    return format_html('<ul class="changes">{}</ul>', format_html_join(
        "", '<li><span class="field-name">{}</span>：{}</li>', changes))


@page(roles.AUDITOR)
def audit_trail(request):
    """Newest first by default; the filters of /api/v1/audit/; a bad filter value is said beside its field
    and nothing is listed (the API answers it with a 400)."""
    entries = LogEntry.objects.select_related("actor", "content_type")
    filters = AuditTrailFilter(request.GET, queryset=entries)
    found = filters.qs if filters.is_valid() else entries.none()
    table = sorted_table(request, found, default="-time", columns={
        "time": Column(_("time"), "timestamp"),
        "who": Column(pgettext("audit", "who")),
        "what": Column(pgettext("audit", "what")),
        "record": Column(_("record")),
        "address": Column(_("from address")),
        "changes": Column(_("changes")),
    }, row=_row)
    return render(request, "workspace/audit.html", {
        "title": _("Audit trail"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Audit trail"), "")],
        "form": filters.form,
        "filtered": any(request.GET.get(name) for name in filters.form.fields),
        "table": table,
    })
