"""The offline certificate check: the page /verify/offline/, saved as a file and opened with the network off,
checks a certificate's QR text with the browser's own Ed25519 (Web Crypto) and the keys inside the page."""

import urllib.request

from incentives.models import Certificate
from incentives.selectors.certificates import credential_of, verification_url_of
from incentives.services import certificates as certificate_services
from talent.access import Actor
from tests.browser.conftest import PHONE, screenshot
from tests.incentives.certificates.conftest import approved_cycle
from tests.incentives.certificates.test_badges import with_field


def qr_text(bureau) -> str:
    """孙会's certificate's QR text, once HR has issued the approved list's certificates."""
    issued = certificate_services.certificates_issue(cycle=approved_cycle(bureau),
                                                     actor=Actor(bureau.users["hr_officer"]))
    return verification_url_of(next(c for c in issued if c.recipient_name == "孙会"))


def check(page, text: str) -> None:
    page.get_by_role("textbox").fill(text)
    page.get_by_role("button").click()


def test_the_saved_page_checks_a_qr_text_with_the_network_off(bureau, browser_page, live_server, tmp_path):
    genuine = qr_text(bureau)
    saved = tmp_path / "certificate-check.html"
    with urllib.request.urlopen(f"{live_server.url}/verify/offline/") as response:
        saved.write_bytes(response.read())
    page = browser_page()
    page.context.set_offline(True)

    page.goto(saved.as_uri())
    check(page, genuine)

    result = page.locator("#genuine")
    result.wait_for(state="visible")
    assert result.locator("dd").all_inner_texts()[:4] == [genuine.split("/verify/")[1][:14], "孙会", "会计科",
                                                           "数字化先进个人"]
    assert page.locator("#forged").is_hidden()

    check(page, with_field(genuine, 3, "孙会会"))
    page.locator("#forged").wait_for(state="visible")
    assert result.is_hidden()

    check(page, genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB"))
    page.locator("#forged").wait_for(state="visible")

    # The electronic credential (its VC-JWT) is checked the same way, offline.
    token = credential_of(Certificate.objects.get(recipient_name="孙会"))["vc_jwt"]
    check(page, token)
    page.locator("#credential").wait_for(state="visible")
    assert page.locator("#credential dd").all_inner_texts()[1] == "数字化先进个人"
    header, claims, signature = token.split(".")
    check(page, f"{header}.{claims}.{signature[:-2]}{'AA' if not signature.endswith('AA') else 'BB'}")
    page.locator("#forged").wait_for(state="visible")
    assert page.watch.errors == []


def test_the_served_page_passes_its_own_csp(bureau, browser_page):
    genuine = qr_text(bureau)
    for viewport, name in ((None, "offline-verifier-desktop"), (PHONE, "offline-verifier-phone")):
        page = browser_page(viewport) if viewport else browser_page()
        page.goto("/verify/offline/")
        check(page, genuine)
        page.locator("#genuine").wait_for(state="visible")
        screenshot(page, name)
        page.watch.assert_clean()
