from django.urls import path
from rest_framework.routers import DefaultRouter

from sharing.views import departments as views_departments
from sharing.views import graph as views_graph
from sharing.views import groups as views_groups
from sharing.views import mobility as views_mobility
from sharing.views import own_record
from sharing.views import secondments as views
from sharing.views import survey as views_survey

router = DefaultRouter()
router.register("share-requests", views.ShareRequestViewSet, basename="share-request")
router.register("secondments", views.SecondmentViewSet, basename="secondment")
router.register("allocation-runs", views.AllocationRunViewSet, basename="allocation-run")
router.register("learning-groups", views_groups.LearningGroupViewSet, basename="learning-group")
router.register("learning-activities", views_groups.LearningActivityViewSet, basename="learning-activity")

urlpatterns = [
    path("me/secondments/", own_record.OwnSecondmentsView.as_view(), name="own-secondments"),
    path("me/secondments/<int:pk>/consent/", views_mobility.OwnConsentView.as_view(), name="own-consent"),
    path("me/mobility/", views_mobility.OwnMobilityView.as_view(), name="own-mobility"),
    path("me/opportunities/", views_mobility.OwnOpportunitiesView.as_view(), name="own-opportunities"),
    path("me/interests/", views_mobility.OwnInterestsView.as_view(), name="own-interests"),
    path("me/interests/<int:request_id>/", views_mobility.OwnInterestView.as_view(), name="own-interest"),
    path("cadres/<int:pk>/mobility/", views_mobility.CadreMobilityView.as_view(), name="cadre-mobility"),
    path("allocation/", views.AllocationView.as_view(), name="allocation"),
    path("departments/<int:pk>/sharing-rule/", views_departments.SharingRuleView.as_view(), name="sharing-rule"),
    path("departments/<int:pk>/sharing-record/", views_departments.SharingRecordView.as_view(),
         name="sharing-record"),
    path("sharing-graph/", views_graph.SharingGraphView.as_view(), name="sharing-graph"),
    path("sharing-graph/graphml/", views_graph.SharingGraphMLView.as_view(), name="sharing-graph-graphml"),
    path("sharing-graph/node-link/", views_graph.SharingNodeLinkView.as_view(), name="sharing-graph-node-link"),
    path("talent-demand/", views_survey.TalentDemandView.as_view(), name="talent-demand"),
    *router.urls,
]
