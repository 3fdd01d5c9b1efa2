from django.urls import path
from rest_framework.routers import DefaultRouter

from sharing import views

router = DefaultRouter()
router.register("share-requests", views.ShareRequestViewSet, basename="share-request")
router.register("secondments", views.SecondmentViewSet, basename="secondment")
router.register("allocation-runs", views.AllocationRunViewSet, basename="allocation-run")

urlpatterns = [
    path("allocation/", views.AllocationView.as_view(), name="allocation"),
    *router.urls,
]
