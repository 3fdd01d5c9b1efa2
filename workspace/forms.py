"""The workspace's forms. A form here only draws its fields and reads what was typed; the rules are the API's
serializer's (`checked`), so a page and the API accept and refuse the same input with the same messages."""

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sharing.models import (
    MAX_CAP_PEOPLE,
    MAX_HEADCOUNT,
    MAX_MOBILITY_MONTHS,
    MAX_NOTICE_DAYS,
    MAX_RULE_MONTHS,
    MAX_WEIGHT,
)
from talent.models import Department, Skill, TrainingProgram


class Checkboxes(forms.CheckboxSelectMultiple):
    """Django's CheckboxSelectMultiple with its HTML written here rather than through its widget templates, which
    take three template includes per box (the talent search's six boxes cost 1.5 ms a request). The same HTML for
    the same state (tested against Django's); choices in groups are left to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        boxes = "".join(format_html(
            '<div>\n    <label{}><input type="{}" name="{}" value="{}"{}>\n {}</label>\n\n</div>',
            format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else "",
            option["type"], option["name"], str(option["value"]), _attributes(option["attrs"]), option["label"])
            for _group, options, _index in widget["optgroups"] for option in options)
        box_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
        return format_html("<div{}{}>{}\n</div>", format_html(' id="{}"', box_id) if box_id else "",
                           format_html(' class="{}"', css) if css else "", mark_safe(boxes))


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html writes them: a True value as the bare name, a False one left out."""
    return mark_safe("".join(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
                             for name, value in attrs.items() if value is not False))


class ShareRequestForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.none(), label=_("requesting department"))
    title = forms.CharField(label=_("title"), max_length=200)
    headcount = forms.IntegerField(label=_("headcount"), initial=1,
                                   widget=forms.NumberInput(attrs={"min": 1, "max": MAX_HEADCOUNT}))
    start_date = forms.DateField(label=_("start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("end date"), widget=forms.DateInput(attrs={"type": "date"}))
    justification = forms.CharField(label=_("justification"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        if len(departments) == 1:
            self.fields["department"].initial = departments[0]


class ReasonForm(forms.Form):
    """Why: a page has several (decline, cancel), each with its prefix and its own label."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class CompleteForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("rating"), coerce=int,
                                    choices=[("", "—"), *[(n, n) for n in range(5, 0, -1)]])
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MobilityForm(forms.Form):
    """A cadre's mobility preference (/me/), checked with the API's MobilityPreferenceSerializer."""

    open_to_secondment = forms.BooleanField(label=_("I am open to secondment"), required=False)
    months = forms.IntegerField(label=_("for how many months"), required=False,
                                widget=forms.NumberInput(attrs={"min": 1, "max": MAX_MOBILITY_MONTHS}))
    available_from = forms.DateField(label=_("available from"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    skills = forms.ModelMultipleChoiceField(Skill.objects.none(), label=_("skills to use or grow"), required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 6}),
                                            help_text=_("Hold Ctrl (or Command) to pick several."))
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(active=True).order_by("name")
        self.fields["skills"].label_from_instance = lambda skill: skill.name

    def api_data(self) -> dict:
        """What was typed, as the API takes it (an empty number or date is none)."""
        data = typed(self)
        return {"open_to_secondment": bool(data["open_to_secondment"]), "months": data["months"] or None,
                "available_from": data["available_from"] or None, "skills": list(data["skills"] or []),
                "note": data["note"] or ""}


class SharingRuleForm(forms.Form):
    """A department's sharing rule (its page, HR only), checked with the API's SharingRuleSerializer."""

    cap_people = forms.IntegerField(label=_("lending cap (people)"), required=False,
                                    widget=forms.NumberInput(attrs={"min": 0, "max": MAX_CAP_PEOPLE}))
    # xgettext:no-python-format
    cap_percent = forms.IntegerField(label=_("lending cap (% of its size)"), required=False,
                                     widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
                                     help_text=_("Rounded down. Both caps empty: the bureau's default percent."))
    includes_sub_units = forms.BooleanField(label=_("size includes sub-units"), required=False)
    max_months = forms.IntegerField(label=_("longest secondment (months)"), required=False,
                                    widget=forms.NumberInput(attrs={"min": 1, "max": MAX_RULE_MONTHS}),
                                    help_text=_("Empty: no limit."))
    notice_days = forms.IntegerField(label=_("notice (days before the start)"), required=False, initial=0,
                                     widget=forms.NumberInput(attrs={"min": 0, "max": MAX_NOTICE_DAYS}))

    def api_data(self) -> dict:
        """What was typed, as the API takes it (an empty number is none; an empty notice is none asked)."""
        data = {name: None if value in (None, "") else value for name, value in typed(self).items()}
        return {**data, "includes_sub_units": bool(data["includes_sub_units"]), "notice_days": data["notice_days"] or 0}


class StudyForm(forms.Form):
    """Study I did on my own (/me/), checked with the API's SelfStudyLogSerializer: a program or a topic."""

    program = forms.ModelChoiceField(TrainingProgram.objects.none(), label=_("training program"), required=False,
                                     empty_label=_("(none: say what you studied)"))
    topic = forms.CharField(label=_("or what you studied"), required=False, max_length=200)
    hours = forms.DecimalField(label=_("hours"), max_digits=4, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "200"}))
    studied_on = forms.DateField(label=_("studied on"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    evidence_url = forms.CharField(label=_("evidence (a link)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = TrainingProgram.objects.filter(active=True).order_by("name")
        self.fields["program"].label_from_instance = lambda program: program.name

    def api_data(self) -> dict:
        """What was typed, as the API takes it."""
        return {name: self.data.get(self.add_prefix(name), "") for name in self.fields} | {
            "program": self.data.get(self.add_prefix("program")) or None}


class RefusalForm(forms.Form):
    reason = forms.CharField(label=_("why (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


# The skill rows of the request form are plain repeated inputs (a script adds and removes rows); each row's
# values and errors are drawn by the template from these.
SKILL_LEVELS = range(1, 6)
SKILL_WEIGHTS = range(1, MAX_WEIGHT + 1)


def skill_rows(data) -> list[dict]:
    """The skill rows as typed, leaving out rows with no skill picked (an added row left empty)."""
    return [{"skill": skill, "min_level": level, "weight": weight}
            for skill, level, weight in zip(data.getlist("skill"), data.getlist("min_level"),
                                            data.getlist("weight"), strict=False) if skill]


def _messages(errors) -> list[str]:
    return [str(error) for error in (errors if isinstance(errors, list) else [errors])]


def checked(form: forms.Form, serializer: serializers.Serializer, *, rows: list[dict] | None = None) -> dict | None:
    """The serializer's validated data, or None with its errors put beside the form's fields (and, for the
    skill rows, into each row's "errors" or, about the rows together, the form's `skill_errors`). The form's
    own errors (say, a date that is not one) come first."""
    form.is_valid()
    form.skill_errors = []
    if serializer.is_valid():
        return None if form.errors else serializer.validated_data
    for field, errors in serializer.errors.items():
        if field == "skills" and rows is not None:
            # A row's errors come keyed by the row's position; an error about the list as a whole, as a list.
            if isinstance(errors, dict):
                for position, row_errors in errors.items():
                    rows[int(position)]["errors"] = [message for messages in row_errors.values()
                                                     for message in _messages(messages)]
            else:
                form.skill_errors = _messages(errors)
        elif field in form.fields:
            if field not in form.errors:
                form.add_error(field, _messages(errors))
        else:
            form.add_error(None, _messages(errors))
    return None


def typed(form: forms.Form) -> dict:
    """What was typed into the form's fields, under the field names (without the form's prefix)."""
    return {name: form[name].value() for name in form.fields}


class NominationForm(forms.Form):
    """A nomination from a cadre's page: the supporting skills and contributions are the cadre's own verified ones,
    offered as boxes to tick."""

    kind = forms.ChoiceField(label=_("nominated as"))
    target = forms.CharField(label=_("post or honour"), max_length=200, required=False,
                             help_text=_("The key post, the honour, or the level of reserve (e.g. 处级后备)."))
    rationale = forms.CharField(label=_("rationale"), widget=forms.Textarea(attrs={"rows": 5}))
    skills = forms.MultipleChoiceField(label=_("supporting skills"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    contributions = forms.MultipleChoiceField(label=_("supporting contributions"), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kinds, skills, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *kinds]
        self.fields["skills"].choices = skills
        self.fields["contributions"].choices = contributions


class DecisionForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = label
        self.fields["note"].required = required
