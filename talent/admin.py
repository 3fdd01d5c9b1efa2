from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from auditlog.signals import accessed
from django.contrib import admin, messages
from django.contrib.admin.filters import FieldListFilter, RelatedFieldListFilter
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Imported for its registration, which is replaced below.
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core.auth import SIGN_IN_EVENT_LABELS, AdminLoginForm
from core.crypto import mask_phone
from core.errors import Forbidden
from core.formats import listing
from talent import access, planning
from talent.access import Actor, Disclosure, PersonalField, actor_of, roles_for
from talent.models import (
    CAPACITIES,
    Cadre,
    CadreSkill,
    CadreSkillHistory,
    Department,
    InformationSystem,
    LiteracyAssessment,
    PlanLine,
    PlanLineSkill,
    ProgramSkill,
    Skill,
    SkillCategory,
    SystemSkill,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
    TrainingRequirement,
    Vendor,
    VendorStaff,
    WorkforcePlan,
)
from talent.selectors import planning as selectors_planning
from talent.serializers.people import audit_event
from talent.serializers.planning import HEALTH_CHECK_LABELS
from talent.services import logins
from talent.services import planning as services_planning
from talent.services import pool as services
from talent.services import training as training_services
from talent.views import people as views
from talent.views import planning as views_planning
from talent.views import skills as skills_views
from talent.views import training as training_views


def api_list(viewset, request) -> QuerySet:
    """What the API viewset lists to this request's user: its own queryset, nothing without its read roles."""
    view = viewset(request=request, action="list", args=(), kwargs={}, format_kwarg=None)
    queryset = view.get_queryset()
    return queryset if actor_of(request).has(*roles_for(view, "GET")) else queryset.none()


class ScopedAdmin(admin.ModelAdmin):
    """Every back-office admin is one of these (a test holds every registered admin to it). Its list, pages,
    history, search, facets, actions and the autocompletes into it all start from get_queryset, so the back
    office shows a user exactly what the API lists to them: `api` names that list's viewset, whose own queryset
    and read roles are used; records the API lists only under a parent (a plan's lines, a cycle's lines, a
    cadre's skill history) are those whose `through` field points into `api`'s list. No `api`: superusers only.
    Superusers see everything, as Django's permissions give them everything."""

    api: type | None = None
    through: str | None = None

    def get_queryset(self, request):
        queryset = self._scoped(request)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _scoped(self, request) -> QuerySet:
        every = self.model._default_manager.all()
        if request.user.is_superuser:
            return every
        if self.api is None:
            return every.none()
        if self.through is None:
            return api_list(self.api, request)
        return every.filter(**{f"{self.through}__in": api_list(self.api, request).values("pk")})


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A related filter offers only what the user may see: the related admin's scoped records, or, where the
    related model has no admin, the values of the records this list shows."""

    def field_choices(self, field, request, model_admin):
        related = model_admin.admin_site._registry.get(field.remote_field.model)
        if isinstance(related, ScopedAdmin):
            visible = related.get_queryset(request).values("pk")
        else:
            visible = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        return field.get_choices(include_blank=False, ordering=self.field_admin_ordering(field, request, model_admin),
                                 limit_choices_to={"pk__in": visible})


FieldListFilter.register(lambda field: field.remote_field is not None, ScopedRelatedFieldListFilter,
                         take_priority=True)


class ReadOnly:
    """For admins and inlines whose records change only through the services (or never)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, ScopedAdmin):
    pass

admin.site.site_header = _("Talent pool and incentives")
admin.site.site_title = _("Talent pool and incentives")
admin.site.index_title = _("Back office")
# The back office's session also opens the API, so its login counts against the same limit as the API's.
admin.site.login_form = AdminLoginForm


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    api = views.DepartmentViewSet
    list_display = ["code", "name", "parent", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "name"]
    filter_horizontal = ["heads"]
    autocomplete_fields = ["parent"]


class PersonalDataAdmin(ScopedAdmin):
    """Shows the personal fields its Disclosure declares masked on the change page, unless the user may
    see personal data, as the API does; then opening a record is written to the audit trail."""

    disclosure: Disclosure

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin finds read-only displays by name on the ModelAdmin: one per declared personal field.
        for field in self.disclosure.personal_fields:
            setattr(self, f"{field.name}_masked", _masked(field))

    def _reveals(self, request) -> bool:
        return self.disclosure.reveals(Actor(request.user), detail=True)

    def get_readonly_fields(self, request, obj=None):
        fixed = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self._reveals(request):
            return [*fixed, *(f"{field.name}_masked" for field in self.disclosure.personal_fields)]
        return fixed

    def get_exclude(self, request, obj=None):
        if obj is not None and not self._reveals(request):
            return [field.name for field in self.disclosure.personal_fields]
        return []

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is not None and self._reveals(request):
            accessed.send(sender=type(found), instance=found)
        return found


def _masked(field: PersonalField):
    def show(obj):
        return field.mask(getattr(obj, field.name))

    show.short_description = field.label
    return show


@admin.register(Cadre)
class CadreAdmin(PersonalDataAdmin):
    api = views.CadreViewSet
    disclosure = access.CADRES
    list_display = ["staff_number", "name", "department", "tier", "rank", "status", "masked_mobile"]
    list_filter = ["tier", "status", "rank", "department"]
    search_fields = ["staff_number", "name"]
    autocomplete_fields = ["department", "user"]
    list_select_related = ["department"]
    actions = ["create_logins"]

    @admin.display(description=_("mobile phone"))
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)

    @admin.action(description=_("Create logins for the selected cadres"), permissions=["change"])
    def create_logins(self, request, queryset):
        """The passwords are shown on the page this answers with, once; they are stored nowhere in the clear
        (not in a message, which may travel in a cookie)."""
        created, skipped = logins.cadre_logins_create(cadres=list(queryset))
        return TemplateResponse(request, "admin/talent/cadre/new_logins.html", {
            **self.admin_site.each_context(request), "title": _("New logins"), "created": created,
            "skipped": skipped, "opts": self.model._meta})

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SkillCategory)
class SkillCategoryAdmin(ScopedAdmin):
    api = skills_views.SkillCategoryViewSet
    list_display = ["code", "name", "name_en", "position", "reverify_after_years"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Skill)
class SkillAdmin(ScopedAdmin):
    api = skills_views.SkillViewSet
    list_display = ["code", "name", "category", "critical", "active"]
    list_filter = ["category", "critical", "active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["category"]


@admin.register(CadreSkill)
class CadreSkillAdmin(ScopedAdmin):
    """Saves go through the services, so a changed level is archived as it is through the API."""

    api = skills_views.CadreSkillViewSet
    list_display = ["cadre", "skill", "level", "source", "verified_by", "verified_at"]
    list_filter = ["level", "source", "skill__category", "skill"]
    search_fields = ["cadre__name", "cadre__staff_number", "skill__code", "skill__name"]
    autocomplete_fields = ["cadre", "skill"]
    list_select_related = ["cadre", "skill", "verified_by"]
    actions = ["verify"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["since", "verified_by", "verified_at"]
        return ["cadre", "skill", *fixed] if obj is not None else fixed

    def save_model(self, request, obj, form, change):
        saved = services.cadre_skill_set(cadre=obj.cadre, skill=obj.skill, level=obj.level, source=obj.source,
                                         evidence=obj.evidence, by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.cadre_skill_remove(cadre_skill=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for held in queryset:
            services.cadre_skill_remove(cadre_skill=held, by=request.user)

    @admin.action(description=_("Verify the selected skills"))
    def verify(self, request, queryset):
        actor = Actor(request.user)
        done = 0
        for held in queryset:
            try:
                services.cadre_skill_verify(cadre_skill=held, actor=actor)
                done += 1
            except Forbidden as exc:
                self.message_user(request, f"{held}: {exc.message}", level=messages.WARNING)
        self.message_user(request, _("%(count)s skills verified.") % {"count": done})


@admin.register(CadreSkillHistory)
class CadreSkillHistoryAdmin(ReadOnlyAdmin):
    api, through = views.CadreViewSet, "cadre"  # the API lists it per cadre
    list_display = ["cadre", "skill", "level", "source", "since", "archived_at", "archived_by", "reason"]
    list_filter = ["skill"]
    search_fields = ["cadre__name", "cadre__staff_number", "skill__code"]
    list_select_related = ["cadre", "skill", "archived_by"]


@admin.register(LiteracyAssessment)
class LiteracyAssessmentAdmin(ScopedAdmin):
    api = skills_views.LiteracyAssessmentViewSet
    list_display = ["cadre", "period", "method", "assessed_on", *CAPACITIES, "is_latest"]
    list_filter = ["period", "method", "is_latest"]
    search_fields = ["cadre__name", "cadre__staff_number"]
    autocomplete_fields = ["cadre", "assessor"]
    list_select_related = ["cadre"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.assessment_update(assessment=obj, **data)
        else:
            created = services.assessment_record(**{**form.cleaned_data,
                                                    "assessor": form.cleaned_data.get("assessor") or request.user})
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.assessment_delete(assessment=obj)

    def delete_queryset(self, request, queryset):
        for assessment in queryset:
            services.assessment_delete(assessment=assessment)


@admin.register(TierProfile)
class TierProfileAdmin(ScopedAdmin):
    api = skills_views.TierProfileViewSet
    list_display = ["tier", *[f"{c}_weight" for c in CAPACITIES]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(ScopedAdmin):
    """Each tier's yearly hours and compulsory programs (the training ledger); the rows exist for every tier."""

    api = training_views.TrainingRequirementViewSet
    list_display = ["tier", "yearly_hours"]
    filter_horizontal = ["compulsory_programs"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class Checked(form):
            def clean_compulsory_programs(self):
                programs = self.cleaned_data["compulsory_programs"]
                closed = [p.name for p in programs if p.tiers and self.instance.tier not in p.tiers]
                if closed:
                    raise ValidationError(_("Not meant for this tier: %(programs)s.") % {"programs": "、".join(closed)})
                return programs
        return Checked

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        pass  # saved with its programs in save_related, through the service (which checks the tiers)

    def save_related(self, request, form, formsets, change):
        training_services.requirement_update(requirement=form.instance, yearly_hours=form.cleaned_data["yearly_hours"],
                                             compulsory_programs=list(form.cleaned_data["compulsory_programs"]))


class ProgramSkillInline(admin.TabularInline):
    model = ProgramSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(TrainingProgram)
class TrainingProgramAdmin(ScopedAdmin):
    api = skills_views.TrainingProgramViewSet
    list_display = ["code", "name", "format", "hours", "provider", "active"]
    list_filter = ["format", "active"]
    search_fields = ["code", "name", "provider"]
    inlines = [ProgramSkillInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ScopedAdmin):
    api = skills_views.TrainingRecordViewSet
    list_display = ["cadre", "program", "hours", "result", "score", "completed_on"]
    list_filter = ["result", "program"]
    search_fields = ["cadre__name", "cadre__staff_number", "program__name"]
    autocomplete_fields = ["cadre", "program"]
    list_select_related = ["cadre", "program"]

    def save_model(self, request, obj, form, change):
        if change:
            services.training_record_update(record=obj, by=request.user,
                                            **{name: form.cleaned_data[name] for name in form.changed_data})
        else:
            obj.pk = services.training_record_create(by=request.user, **form.cleaned_data).pk


# --- workforce plans, information systems and the outsourcing registry ------------------------------------

class PlanLineInline(admin.TabularInline):
    model = PlanLine
    fields = ["position", "post", "headcount", "priority", "min_education", "min_professional_title"]
    show_change_link = True
    extra = 1


@admin.register(WorkforcePlan)
class WorkforcePlanAdmin(ScopedAdmin):
    api = views_planning.WorkforcePlanViewSet
    list_display = ["department", "period", "title", "created_by", "updated_at"]
    list_filter = ["period", "department"]
    search_fields = ["department__name", "title"]
    autocomplete_fields = ["department"]
    list_select_related = ["department", "created_by"]
    readonly_fields = ["created_by", "gap_summary"]
    inlines = [PlanLineInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("gap report"))
    def gap_summary(self, obj):
        if obj.pk is None:
            return "-"
        [report] = selectors_planning.plan_gaps([obj])
        return _("%(needed)s needed, %(filled)s in post, %(gap)s missing: train %(train)s, borrow %(borrow)s, "
                 "recruit %(recruit)s.") % planning.totals(report.lines)


class PlanLineSkillInline(admin.TabularInline):
    model = PlanLineSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(PlanLine)
class PlanLineAdmin(ScopedAdmin):
    api, through = views_planning.WorkforcePlanViewSet, "plan"  # the API lists lines in their plan
    list_display = ["plan", "post", "headcount", "priority"]
    list_filter = ["priority", "plan__period"]
    search_fields = ["post", "plan__department__name"]
    list_select_related = ["plan__department"]
    inlines = [PlanLineSkillInline]


class SystemSkillInline(admin.TabularInline):
    model = SystemSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(InformationSystem)
class InformationSystemAdmin(ScopedAdmin):
    api = views_planning.InformationSystemViewSet
    list_display = ["code", "name", "department", "critical", "maintainer", "deputy", "in_use", "maintained",
                    "data_analysed", "active"]
    list_filter = ["active", "critical", "in_use", "maintained", "data_analysed", "department"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["department", "maintainer", "deputy"]
    list_select_related = ["department", "maintainer", "deputy"]
    inlines = [SystemSkillInline]


@admin.register(Vendor)
class VendorAdmin(ScopedAdmin):
    api = views_planning.VendorViewSet
    list_display = ["name", "credit_code", "contract_start", "contract_end", "transfer_to", "transfer_due",
                    "transfer_done_on"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["transfer_to"]
    list_select_related = ["transfer_to"]
    date_hierarchy = "contract_end"


@admin.register(VendorStaff)
class VendorStaffAdmin(PersonalDataAdmin):
    """Saves go through the services: registering records the first confirmation, as through the API."""

    api = views_planning.VendorStaffViewSet
    disclosure = access.VENDOR_STAFF
    list_display = ["name", "vendor", "role", "responsible_cadre", "access_end", "last_confirmed_at", "active",
                    "health"]
    list_filter = ["active", "access_level", "vendor", "systems"]
    search_fields = ["name", "role", "vendor__name", "responsible_cadre__name"]
    autocomplete_fields = ["vendor", "responsible_cadre", "successor"]
    filter_horizontal = ["systems", "skills"]
    list_select_related = ["vendor", "responsible_cadre", "last_confirmed_by"]
    readonly_fields = ["last_confirmed_at", "last_confirmed_by"]
    actions = ["confirm"]

    @admin.display(description=_("health"))
    def health(self, obj):
        return listing(HEALTH_CHECK_LABELS[issue] for issue in selectors_planning.staff_issues(obj)) or "✓"

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services_planning.STAFF_FIELDS if name in form.cleaned_data}
        if change:
            services_planning.vendor_staff_update(staff=obj, **data)
        else:
            obj.pk = services_planning.vendor_staff_create(registered_by=request.user, **data).pk

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Confirm the selected people are still working here as registered"))
    def confirm(self, request, queryset):
        done = 0
        for staff in queryset.filter(active=True):
            services_planning.vendor_staff_confirm(staff=staff, by=request.user)
            done += 1
        self.message_user(request, _("%(count)s people confirmed.") % {"count": done})


# --- Django's users and groups, the API's tokens and the audit trail ----------------------------------------
# Accounts, roles and tokens have no API list and no role carries their permissions: only superusers manage
# them. The audit trail shows what /api/v1/audit/ shows: everything to auditors, nothing to anyone else.

for model in (User, Group, TokenProxy, LogEntry, DBTaskResult):
    admin.site.unregister(model)


@admin.register(User)
class UserAdmin(ScopedAdmin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(ScopedAdmin, auth_admin.GroupAdmin):
    pass


@admin.register(TokenProxy)
class TokenProxyAdmin(ScopedAdmin, TokenAdmin):
    pass


# The task engine's own rows (arguments and results of every background job): the API shows jobs through
# /api/v1/jobs/, with their own scope; the raw rows are for superusers.
@admin.register(DBTaskResult)
class TaskResultAdmin(ScopedAdmin, DBTaskResultAdmin):
    pass


class RecordTypeFilter(ResourceTypeFilter):
    """auditlog's filter by kind of record, named as people know the records (干部, not cadre)."""

    def lookups(self, request, model_admin):
        kinds = ContentType.objects.filter(pk__in=model_admin.get_queryset(request).values("content_type"))
        return sorted(((kind.pk, kind.model_class()._meta.verbose_name if kind.model_class() else kind.model)
                       for kind in kinds), key=lambda choice: str(choice[1]))


@admin.register(LogEntry)
class AuditTrailAdmin(ScopedAdmin, LogEntryAdmin):
    """auditlog's own pages, in the bureau's language: its labels are translated in the project's catalogue,
    and the columns it does not translate (the change summary, the correlation id, "system") are redrawn."""

    api = views.AuditLogViewSet
    list_display = ["when", "resource_url", "what", "msg_short", "user_url", "correlation"]
    list_filter = ["action", RecordTypeFilter, CIDFilter]
    readonly_fields = ["when", "resource_url", "what", "user_url", "msg"]
    fieldsets = [
        (None, {"fields": ["when", "user_url", "resource_url", "cid"]}),
        (_("Changes"), {"fields": ["what", "msg"]}),
    ]

    @admin.display(description=_("timestamp"), ordering="timestamp")
    def when(self, entry):
        return timezone.localtime(entry.timestamp)

    @admin.display(description=_("action"))
    def what(self, entry):
        event = audit_event(entry)
        return SIGN_IN_EVENT_LABELS.get(event, event) if event else entry.get_action_display()

    @admin.display(description=_("Changes"))
    def msg_short(self, entry):
        if entry.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        return listing(get_field_verbose_name(entry, name) for name in entry.changes_dict)

    @admin.display(description=_("actor"))
    def user_url(self, entry):
        return super().user_url(entry) if entry.actor else _("system")

    @admin.display(description=_("Correlation ID"))
    def correlation(self, entry):
        return self.cid_url(entry)
