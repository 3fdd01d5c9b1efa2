"""The workspace's addresses (part of the contract: bookmarks and links in messages point at them)."""

from django.urls import path

from workspace.views import audit, auth, cadres, departments, home, requests, secondments, talent

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.Logout.as_view(), name="logout"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/<slug:move>/", requests.request_move, name="request_move"),
    path("secondments/<int:pk>/", secondments.secondment_detail, name="secondment"),
    path("talent/", talent.talent_search, name="talent"),
    path("talent/export/", talent.talent_export, name="talent-export"),
    path("cadres/<int:pk>/", cadres.cadre_detail, name="cadre"),
    path("secondments/<int:pk>/<slug:move>/", secondments.secondment_move, name="secondment_move"),
    path("departments/", departments.department_index, name="departments"),
    path("departments/<int:pk>/", departments.department_detail, name="department"),
    path("audit/", audit.audit_trail, name="audit"),
]
