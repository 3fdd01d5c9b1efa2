"""The workspace's addresses (part of the contract: bookmarks and links in messages point at them)."""

from django.urls import path

from workspace.views import audit, auth, departments, home, secondments

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.Logout.as_view(), name="logout"),
    path("secondments/<int:pk>/", secondments.secondment_detail, name="secondment"),
    path("departments/", departments.department_index, name="departments"),
    path("departments/<int:pk>/", departments.department_detail, name="department"),
    path("audit/", audit.audit_trail, name="audit"),
]
