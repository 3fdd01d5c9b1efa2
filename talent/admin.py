from auditlog.signals import accessed
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from talent import services
from talent.access import Actor
from talent.crypto import mask_national_id, mask_phone
from talent.errors import Forbidden
from talent.models import (
    CAPACITIES,
    Cadre,
    CadreSkill,
    CadreSkillHistory,
    Department,
    LiteracyAssessment,
    ProgramSkill,
    Skill,
    SkillCategory,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
)

admin.site.site_header = _("Talent pool and incentives")
admin.site.site_title = _("Talent pool and incentives")
admin.site.index_title = _("Back office")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "name"]
    filter_horizontal = ["heads"]
    autocomplete_fields = ["parent"]


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["staff_number", "name", "department", "tier", "rank", "status", "masked_mobile"]
    list_filter = ["tier", "status", "rank", "department"]
    search_fields = ["staff_number", "name"]
    autocomplete_fields = ["department", "user"]
    list_select_related = ["department"]

    @admin.display(description=_("mobile phone"))
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.has_perm("talent.view_cadre_personal_data"):
            return ["national_id_masked", "mobile_masked"]
        return []

    def get_exclude(self, request, obj=None):
        if obj is not None and not request.user.has_perm("talent.view_cadre_personal_data"):
            return ["national_id", "mobile"]
        return []

    @admin.display(description=_("citizen ID number"))
    def national_id_masked(self, obj):
        return mask_national_id(obj.national_id)

    @admin.display(description=_("mobile phone"))
    def mobile_masked(self, obj):
        return mask_phone(obj.mobile)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        cadre = super().get_object(request, object_id, from_field)
        if cadre is not None and request.user.has_perm("talent.view_cadre_personal_data"):
            accessed.send(sender=Cadre, instance=cadre)
        return cadre


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "position"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "critical", "active"]
    list_filter = ["category", "critical", "active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["category"]


@admin.register(CadreSkill)
class CadreSkillAdmin(admin.ModelAdmin):
    """Saves go through the services, so a changed level is archived as it is through the API."""

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
class CadreSkillHistoryAdmin(admin.ModelAdmin):
    list_display = ["cadre", "skill", "level", "source", "since", "archived_at", "archived_by", "reason"]
    list_filter = ["skill"]
    search_fields = ["cadre__name", "cadre__staff_number", "skill__code"]
    list_select_related = ["cadre", "skill", "archived_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiteracyAssessment)
class LiteracyAssessmentAdmin(admin.ModelAdmin):
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
class TierProfileAdmin(admin.ModelAdmin):
    list_display = ["tier", *[f"{c}_weight" for c in CAPACITIES]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgramSkillInline(admin.TabularInline):
    model = ProgramSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(TrainingProgram)
class TrainingProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "format", "hours", "provider", "active"]
    list_filter = ["format", "active"]
    search_fields = ["code", "name", "provider"]
    inlines = [ProgramSkillInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
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
