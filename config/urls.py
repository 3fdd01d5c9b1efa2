from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from incentives.views import certificates as certificate_views

urlpatterns = [
    # The API first: most requests are the API's, and no page's address starts with api/, so the order decides
    # only how many patterns each API request is matched against before its own (the workspace's fifty and the
    # admin's otherwise).
    path("api/v1/", include("talent.urls")),
    path("api/v1/", include("incentives.urls")),
    path("api/v1/", include("sharing.urls")),
    path("", include("workspace.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Public certificate verification: the page a certificate's QR code opens.
    path("verify/", certificate_views.verify_page, name="verify-form"),
    # Before verify/<serial>: "offline" is no serial.
    path("verify/offline/", certificate_views.offline_verifier, name="verify-offline"),
    path("verify/<str:serial>", certificate_views.verify_page, name="verify"),
    # What a third party needs to check a credential (docs/credentials.md).
    path(".well-known/jwks.json", certificate_views.jwks, name="jwks"),
    path("credentials/issuer", certificate_views.issuer_profile, name="credential-issuer"),
    path("credentials/status/<slug:name>", certificate_views.status_list, name="credential-status"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (/api/docs/?script), not inline, which the CSP refuses.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="docs/swagger_ui.html"),
         name="docs"),
]

handler400 = "core.api.handler400"
handler403 = "core.api.handler403"
handler404 = "core.api.handler404"
handler500 = "core.api.handler500"
