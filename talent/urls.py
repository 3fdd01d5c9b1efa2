from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from talent.views import campaigns as campaign_views
from talent.views import credentials as credential_views
from talent.views import jobs as jobs_views
from talent.views import notices as notices_views
from talent.views import own_record
from talent.views import people as views
from talent.views import planning as views_planning
from talent.views import posts as posts_views
from talent.views import skills as skills_views
from talent.views import study as study_views
from talent.views import training as training_views
from talent.views import trends as trends_views

router = DefaultRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("audit", views.AuditLogViewSet, basename="audit")
router.register("jobs", jobs_views.JobViewSet, basename="job")
router.register("notices", notices_views.NoticeViewSet, basename="notice")
router.register("backups", jobs_views.BackupViewSet, basename="backup")
router.register("skill-categories", skills_views.SkillCategoryViewSet, basename="skill-category")
router.register("skills", skills_views.SkillViewSet, basename="skill")
router.register("cadre-skills", skills_views.CadreSkillViewSet, basename="cadre-skill")
router.register("assessments", skills_views.LiteracyAssessmentViewSet, basename="assessment")
router.register("tier-profiles", skills_views.TierProfileViewSet, basename="tier-profile")
router.register("training/programs", skills_views.TrainingProgramViewSet, basename="training-program")
router.register("training/records", skills_views.TrainingRecordViewSet, basename="training-record")
router.register("training/requirements", training_views.TrainingRequirementViewSet,
                basename="training-requirement")
router.register("credentials", credential_views.CredentialViewSet, basename="credential")
router.register("self-study", study_views.SelfStudyViewSet, basename="self-study")
router.register("assessment-campaigns/forms", campaign_views.CampaignFormViewSet, basename="campaign-form")
router.register("assessment-campaigns", campaign_views.AssessmentCampaignViewSet, basename="assessment-campaign")
router.register("workforce-plans", views_planning.WorkforcePlanViewSet, basename="workforce-plan")
router.register("talent-profiles", views_planning.TalentProfileViewSet, basename="talent-profile")
router.register("information-systems", views_planning.InformationSystemViewSet, basename="information-system")
router.register("vendors", views_planning.VendorViewSet, basename="vendor")
router.register("vendor-staff", views_planning.VendorStaffViewSet, basename="vendor-staff")
router.register("registry-health", views_planning.RegistryHealthViewSet, basename="registry-health")
router.register("data-sharing-list", views_planning.DataSharingListViewSet, basename="data-sharing-list")
router.register("trends", trends_views.TrendViewSet, basename="trend")
router.register("reports/leadership", views_planning.LeadershipReportViewSet, basename="leadership-report")

TABLE_KINDS = r"(?P<kind>cadres|cadre-skills|assessments)"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/skills/", skills_views.OwnSkillsView.as_view(), name="own-skills"),
    path("me/details/", own_record.OwnDetailsView.as_view(), name="own-details"),
    path("me/skill-history/", own_record.OwnSkillHistoryView.as_view(), name="own-skill-history"),
    path("me/literacy/", own_record.OwnLiteracyView.as_view(), name="own-literacy"),
    path("me/recommendations/", own_record.OwnRecommendationsView.as_view(), name="own-recommendations"),
    path("me/training/", own_record.OwnTrainingView.as_view(), name="own-training"),
    path("me/study/", study_views.OwnStudyView.as_view(), name="own-study"),
    path("me/posts/", posts_views.OwnPostsView.as_view(), name="own-posts"),
    path("me/credentials/", credential_views.OwnCredentialsView.as_view(), name="own-credentials"),
    path("me/credentials/<int:pk>/evidence/", credential_views.OwnCredentialEvidenceView.as_view(),
         name="own-credential-evidence"),
    path("training/compliance/", training_views.ComplianceView.as_view(), name="training-compliance"),
    path("training/compliance/departments/", training_views.DepartmentComplianceView.as_view(),
         name="training-compliance-departments"),
    path("imports/training-hours/", skills_views.ImportView.as_view(), {"kind": "training-hours"},
         name="import-training-hours"),
    path("proficiency-levels/", skills_views.ProficiencyLevelView.as_view(), name="proficiency-levels"),
    path("cadres/<int:pk>/skill-history/", skills_views.CadreSkillHistoryView.as_view(), name="cadre-skill-history"),
    path("cadres/<int:pk>/posts/", posts_views.CadrePostsView.as_view(), name="cadre-posts"),
    path("cadres/<int:pk>/literacy/", skills_views.CadreLiteracyView.as_view(), name="cadre-literacy"),
    path("cadres/<int:pk>/recommendations/", skills_views.CadreRecommendationsView.as_view(),
         name="cadre-recommendations"),
    path("training/plan/", skills_views.TrainingPlanView.as_view(), name="training-plan"),
    path("talent-search/", skills_views.TalentSearchView.as_view(), name="talent-search"),
    path("talent-search/export/", skills_views.TalentSearchExportView.as_view(), name="talent-search-export"),
    re_path(rf"^imports/{TABLE_KINDS}/$", skills_views.ImportView.as_view(), name="import"),
    path("imports/post-history/", skills_views.ImportView.as_view(), {"kind": "post-history"},
         name="import-post-history"),
    re_path(rf"^exports/{TABLE_KINDS}/$", skills_views.ExportView.as_view(), name="export"),
    *router.urls,
]
