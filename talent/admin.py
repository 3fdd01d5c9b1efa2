from auditlog.signals import accessed
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from talent.crypto import mask_national_id, mask_phone
from talent.models import Cadre, Department

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
