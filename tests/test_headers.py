"""Every page and answer carries a Content-Security-Policy and a Permissions-Policy, and the API docs load
nothing from another host (the intranet may have no internet). tests/browser/test_csp.py opens the pages in a
real browser."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

PAGES = ["/", "/admin/login/", "/api/docs/", "/verify/", "/api/v1/me/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_a_strict_csp_and_a_permissions_policy(db, path):
    response = Client().get(path)

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == policy["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_api_docs_load_their_assets_from_this_service(db):
    page = Client().get("/api/docs/").content.decode()
    script = Client().get("/api/docs/?script=").content.decode()

    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses and all(address.startswith("/") and not address.startswith("//") for address in addresses)
    assert "<style" not in page and "<script>" not in page
    assert "SwaggerUIBundle" in script
    assert "/api/docs/?script=" in addresses
    for asset in set(addresses) - {"/api/docs/?script="}:  # pinned files of drf-spectacular-sidecar, and ours
        assert asset.startswith(settings.STATIC_URL) and finders.find(asset.removeprefix(settings.STATIC_URL))
