from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from incentives.models import AppraisalGrade, Contribution, IncentiveCycle, IncentiveLine, Nomination
from talent.filters import DepartmentSubtree, StrictBooleanFilter


class ContributionFilter(FilterSet):
    department = DepartmentSubtree(path="cadre__department_id", label=_("department"))

    class Meta:
        model = Contribution
        fields = ["cadre", "year", "kind", "status", "department"]


class AppraisalGradeFilter(FilterSet):
    department = DepartmentSubtree(path="cadre__department_id", label=_("department"))

    class Meta:
        model = AppraisalGrade
        fields = ["cadre", "year", "grade", "department"]


class CycleFilter(FilterSet):
    class Meta:
        model = IncentiveCycle
        fields = ["year", "status", "policy"]


class LineFilter(FilterSet):
    department = DepartmentSubtree(path="department_id")
    eligible = StrictBooleanFilter()
    backbone = StrictBooleanFilter()
    honoured = StrictBooleanFilter(field_name="honour", method="filter_honoured")
    adjusted = StrictBooleanFilter(field_name="adjustment", method="filter_adjusted")

    class Meta:
        model = IncentiveLine
        fields = ["department", "eligible", "backbone", "exclusion", "rank"]

    def filter_honoured(self, queryset, name, value):
        return queryset.exclude(honour="") if value else queryset.filter(honour="")

    def filter_adjusted(self, queryset, name, value):
        return queryset.exclude(adjustment=0) if value else queryset.filter(adjustment=0)


class NominationFilter(FilterSet):
    department = DepartmentSubtree(path="cadre__department_id", label=_("department"))

    class Meta:
        model = Nomination
        fields = ["cadre", "kind", "status", "department"]
