"""The workspace's addresses (part of the contract: bookmarks and links in messages point at them)."""

from django.urls import path

from workspace.views import (
    audit,
    auth,
    cadres,
    cockpit,
    cycles,
    departments,
    home,
    jobs,
    own_record,
    requests,
    secondments,
    talent,
)

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.Logout.as_view(), name="logout"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/<slug:move>/", requests.request_move, name="request_move"),
    path("password/", auth.PasswordChange.as_view(), name="password"),
    path("me/", own_record.own_record, name="me"),
    path("me/mobility/", own_record.own_mobility, name="me_mobility"),
    path("me/interests/<int:request_id>/<slug:move>/", own_record.own_interest, name="me_interest"),
    path("me/secondments/<int:pk>/<slug:move>/", own_record.own_answer, name="me_answer"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("secondments/<int:pk>/", secondments.secondment_detail, name="secondment"),
    path("talent/", talent.talent_search, name="talent"),
    path("talent/export/", talent.talent_export, name="talent-export"),
    path("cadres/<int:pk>/", cadres.cadre_detail, name="cadre"),
    path("secondments/<int:pk>/<slug:move>/", secondments.secondment_move, name="secondment_move"),
    path("departments/", departments.department_index, name="departments"),
    path("departments/<int:pk>/", departments.department_detail, name="department"),
    path("audit/", audit.audit_trail, name="audit"),
    path("cockpit/", cockpit.cockpit_page, name="cockpit"),
    path("cockpit/report.pdf", cockpit.cockpit_report, name="cockpit_report"),
    path("cycles/", cycles.cycle_index, name="cycles"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/lines/<int:line_pk>/", cycles.cycle_line, name="cycle_line"),
    path("cycles/<int:pk>/approve/", cycles.cycle_decide, {"decision": "approve"}, name="cycle_approve"),
    path("cycles/<int:pk>/reject/", cycles.cycle_decide, {"decision": "reject"}, name="cycle_reject"),
    path("cycles/<int:pk>/list.xlsx", cycles.cycle_download, {"file_format": "xlsx"}, name="cycle_xlsx"),
    path("cycles/<int:pk>/list.pdf", cycles.cycle_download, {"file_format": "pdf"}, name="cycle_pdf"),
]
