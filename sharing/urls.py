from django.urls import path
from rest_framework.routers import DefaultRouter

from sharing.views import graph as views_graph
from sharing.views import groups as views_groups
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
    path("allocation/", views.AllocationView.as_view(), name="allocation"),
    path("sharing-graph/", views_graph.SharingGraphView.as_view(), name="sharing-graph"),
    path("sharing-graph/graphml/", views_graph.SharingGraphMLView.as_view(), name="sharing-graph-graphml"),
    path("sharing-graph/node-link/", views_graph.SharingNodeLinkView.as_view(), name="sharing-graph-node-link"),
    path("talent-demand/", views_survey.TalentDemandView.as_view(), name="talent-demand"),
    *router.urls,
]
