from django.urls import path
from rest_framework.routers import DefaultRouter

from talent import views

router = DefaultRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("audit", views.AuditLogViewSet, basename="audit")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
]
