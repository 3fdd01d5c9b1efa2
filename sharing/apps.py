from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Talent sharing")

    def ready(self):
        from auditlog.registry import auditlog

        from sharing import jobs, notices  # noqa: F401 (registers its job kind and its daily notice check)
        from sharing.selectors import posts as sharing_posts
        from sharing.selectors.groups import fellow_members
        from talent.selectors import posts
        from talent.services import campaigns

        posts.SOURCES.append(sharing_posts.secondment_lines)  # secondments in each cadre's post history
        # The nightly trend snapshot stores the sharing density beside talent's figures.
        from sharing.selectors import graph as sharing_graph
        from talent.selectors import trends

        trends.METRICS[sharing_graph.DENSITY_METRIC] = _("Sharing density")
        trends.PLACES[sharing_graph.DENSITY_METRIC] = 3
        if sharing_graph.density_trend not in trends.SOURCES:
            trends.SOURCES.append(sharing_graph.density_trend)
        # A campaign suggests as peers the fellow members of a cadre's learning groups.
        if fellow_members not in campaigns.PEER_SOURCES:
            campaigns.PEER_SOURCES.append(fellow_members)

        from sharing.models import AllocationRun, RequiredSkill, Secondment, ShareRequest

        for model in (ShareRequest, RequiredSkill, Secondment, AllocationRun):
            auditlog.register(model)

        from sharing.models import MobilityPreference, SecondmentInterest

        auditlog.register(MobilityPreference, m2m_fields={"skills"})
        auditlog.register(SecondmentInterest)

        from sharing.models import Attendance, LearningActivity, LearningGroup, LearningGroupMember

        auditlog.register(LearningGroup, m2m_fields={"skills"})
        for model in (LearningGroupMember, LearningActivity, Attendance):
            auditlog.register(model)
