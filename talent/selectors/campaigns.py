"""Reading assessment campaigns: the campaigns, each department's progress, the forms a rater has to answer,
and the computed scores. No selector here returns answers: only the closing job reads them, and only to
compute the means (talent.campaigns)."""

from django.db.models import Count, Q, QuerySet

from talent.access import CAMPAIGN_FORMS, CAMPAIGN_PROGRESS, LITERACY, Actor
from talent.models import AssessmentCampaign, AssessmentMethod, CampaignRater, CampaignStatus, LiteracyAssessment


def campaign_list() -> QuerySet[AssessmentCampaign]:
    return AssessmentCampaign.objects.annotate(
        forms=Count("raters"), submitted=Count("raters", filter=Q(raters__submitted_at__isnull=False)),
    ).order_by("-period", "tier", "id")


def rater_list(*, campaign: AssessmentCampaign, actor: Actor) -> QuerySet[CampaignRater]:
    return CAMPAIGN_PROGRESS.scope(campaign.raters.select_related("ratee", "ratee__department", "rater"), actor)


def progress(*, campaign: AssessmentCampaign, actor: Actor) -> list[dict]:
    """Per department of the cadres rated (those the actor sees): cadres, forms, forms submitted, percent."""
    rows = (rater_list(campaign=campaign, actor=actor).order_by()
            .values("ratee__department_id", "ratee__department__name")
            .annotate(cadres=Count("ratee", distinct=True), forms=Count("pk"),
                      submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
            .order_by("ratee__department__name"))
    return [{"department": row["ratee__department_id"], "department_name": row["ratee__department__name"],
             "cadres": row["cadres"], "forms": row["forms"], "submitted": row["submitted"],
             "percent": round(100 * row["submitted"] / row["forms"]) if row["forms"] else 0} for row in rows]


def forms_for(*, actor: Actor) -> QuerySet[CampaignRater]:
    """The forms the signed-in user rates with, in campaigns open for answers."""
    return CAMPAIGN_FORMS.scope(CampaignRater.objects.filter(campaign__status=CampaignStatus.OPEN), actor) \
        .select_related("campaign", "ratee", "ratee__department").order_by("submitted_at", "campaign", "ratee__name")


def forms_waiting_for(*, actor: Actor) -> QuerySet[CampaignRater]:
    return forms_for(actor=actor).filter(submitted_at__isnull=True)


def scores(*, campaign: AssessmentCampaign, actor: Actor) -> QuerySet[LiteracyAssessment]:
    return LITERACY.scope(LiteracyAssessment.objects.filter(campaign=campaign, method=AssessmentMethod.CAMPAIGN)
                          .select_related("cadre", "cadre__department"), actor).order_by("cadre__name", "cadre_id")
