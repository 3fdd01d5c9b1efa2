"""The workspace's addresses (part of the contract: bookmarks and links in messages point at them)."""

from django.urls import path

from workspace.views import auth, home, jobs, secondments

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.Logout.as_view(), name="logout"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("secondments/<int:pk>/", secondments.secondment_detail, name="secondment"),
]
