"""The workspace's addresses (part of the contract: bookmarks and links in messages point at them)."""

from django.urls import path

from workspace.views import auth, cockpit, cycles, home, secondments

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.Logout.as_view(), name="logout"),
    path("secondments/<int:pk>/", secondments.secondment_detail, name="secondment"),
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
