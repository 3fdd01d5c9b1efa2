from django.urls import path
from rest_framework.routers import SimpleRouter

from incentives.views import certificates as views_certificates
from incentives.views import cycles as views
from incentives.views import nominations as views_nominations
from incentives.views import own_record
from talent.views.skills import ImportView

router = SimpleRouter()  # talent.urls serves the API root
router.register("contributions", views.ContributionViewSet, basename="contribution")
router.register("appraisal-grades", views.AppraisalGradeViewSet, basename="appraisal-grade")
router.register("incentive-policies", views.PolicyViewSet, basename="incentive-policy")
router.register("incentive-cycles", views.CycleViewSet, basename="incentive-cycle")
router.register(r"incentive-cycles/(?P<cycle_pk>[0-9]+)/lines", views.LineViewSet, basename="incentive-line")
router.register("nominations", views_nominations.NominationViewSet, basename="nomination")

urlpatterns = [
    # The pool's import view with its dry run and all-or-nothing rule; incentives.apps registers the kind.
    path("imports/appraisal-grades/", ImportView.as_view(), {"kind": "appraisal-grades"},
         name="import-appraisal-grades"),
    *router.urls,
]

# ---- certificates -----------------------------------------------------------------------------------
certificate_router = SimpleRouter()
certificate_router.register("certificates", views_certificates.CertificateViewSet, basename="certificate")
urlpatterns += [
    path("incentive-cycles/<int:pk>/certificates/", views_certificates.CycleCertificatesView.as_view(),
         name="cycle-certificates"),
    path("incentive-cycles/<int:pk>/certificates/pdf/", views_certificates.CycleCertificatesPdfView.as_view(),
         name="cycle-certificates-pdf"),
    path("me/contributions/", own_record.OwnContributionsView.as_view(), name="own-contributions"),
    path("me/certificates/", own_record.OwnCertificatesView.as_view(), name="own-certificates"),
    path("training/records/<int:pk>/credential/", views_certificates.TrainingCredentialView.as_view(),
         name="training-credential"),
    path("me/training/<int:pk>/credential/", own_record.OwnTrainingCredentialView.as_view(),
         name="own-training-credential"),
    path("me/certificates/<int:pk>/credential/", own_record.OwnCertificateCredentialView.as_view(),
         name="own-credential"),
    path("me/nominations/", views_nominations.OwnNominationsView.as_view(), name="own-nominations"),
    path("verify/<str:serial>/", views_certificates.VerifyView.as_view(), name="verify-api"),
    *certificate_router.urls,
]
