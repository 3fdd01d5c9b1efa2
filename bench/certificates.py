"""Prints certificate throughput: 1,000 certificates in one batch PDF, one certificate alone, what a QR code
costs drawn as one vector path (segno) against ReportLab's QR widget, and what the issuer's Ed25519 signature
adds per certificate (the QR code's signed texts, the Open Badges credential as a VC-JWT).

    python bench/certificates.py

The batch goes through the same call as the API's download (certificate_selectors.certificates_pdf):
codes, signatures, dates, layout, the font check, drawing and the PDF file, for certificates as the database
holds them (built in memory here: reading 1,000 rows is one query and not what is measured). Goals: >= 150
pages per second, and signing <= 1 ms per certificate. The reference in the same run is the batch as it was
before the signed QR codes: the QR code carries the address and code only (no signing, a smaller code).
"""

import io
import json
import os
import random
import statistics
import time
from datetime import date, datetime

from _setup import ROOT, setup

COUNT = 1000
GOAL = 150.0
SIGNING_GOAL_MS = 1.0
DEMO = ROOT / "fixtures" / "demo_bureau.json"


def certificates(rng: random.Random) -> list:
    """1,000 certificates for the demo bureau's people (names and departments drawn from it)."""
    from django.utils import timezone

    from incentives import certificates as codes
    from incentives.models import Certificate
    from talent.models import Cadre

    bureau = json.loads(DEMO.read_text(encoding="utf-8"))
    departments = {row["code"]: row["name"] for row in bureau["departments"]}
    people = [(row["name"], departments[row["department"]], row["staff_number"]) for row in bureau["cadres"]]
    issued_at = timezone.make_aware(datetime(2026, 1, 15, 10, 0))
    return [
        Certificate(pk=number, serial=codes.new_serial(2025), recipient_name=name, department_name=department,
                    cadre=Cadre(staff_number=staff_number), honour="数字化先进个人", cycle_title="2025年度数字化激励",
                    issuer="示范省机关事务管理局", issued_on=date(2026, 1, 15), issued_at=issued_at)
        for number, (name, department, staff_number) in enumerate((rng.choice(people) for _ in range(COUNT)), 1)
    ]


def signing_costs(batch: list) -> tuple[float, float]:
    """Milliseconds per certificate: the QR code's signed texts, and the credential built and signed (VC-JWT)."""
    from incentives import credentials
    from incentives.selectors.certificates import credential_of, issuer_keys

    ring = issuer_keys()
    start = time.perf_counter()
    for certificate in batch:
        credentials.qr_payload(ring, certificate.content())
    qr_ms = (time.perf_counter() - start) / len(batch) * 1000
    start = time.perf_counter()
    for certificate in batch:
        credential_of(certificate)
    credential_ms = (time.perf_counter() - start) / len(batch) * 1000
    return qr_ms, credential_ms


def unsigned_batch_seconds(batch: list) -> tuple[float, float]:
    """The reference, (wall, CPU) seconds: the same batch printed as before the signed QR codes, the code carrying
    the address and verification code only, its mask chosen by scoring all eight."""
    from incentives import certificate_drawing, credentials
    from incentives.selectors.certificates import certificates_pdf

    signed, mask = credentials.qr_payload, certificate_drawing.QR_MASK
    credentials.qr_payload = lambda ring, content: ""  # verification_url leaves out an empty payload
    certificate_drawing.QR_MASK = None
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        certificates_pdf(chosen=batch, title="reference")
        return time.perf_counter() - start, time.process_time() - cpu_start
    finally:
        credentials.qr_payload, certificate_drawing.QR_MASK = signed, mask


def qr_costs(url: str, rounds: int = 50) -> tuple[float, float]:
    """Milliseconds per code: segno drawn as one path, and ReportLab's QrCodeWidget, on a throwaway page."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    from core.pdf import canvas_maker
    from incentives.certificate_drawing import _draw_qr

    canvas = canvas_maker()(io.BytesIO())
    start = time.perf_counter()
    for i in range(rounds):
        _draw_qr(canvas, f"{url}{i:04d}")
    segno_ms = (time.perf_counter() - start) / rounds * 1000
    start = time.perf_counter()
    for i in range(rounds):
        widget = QrCodeWidget(f"{url}{i:04d}", barLevel="M")
        drawing = Drawing(90, 90)
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 0, 0)
    widget_ms = (time.perf_counter() - start) / rounds * 1000
    return segno_ms, widget_ms


def main() -> None:
    setup()
    from django.utils import translation

    from incentives.selectors.certificates import certificates_pdf

    translation.activate("zh-hans")
    batch = certificates(random.Random(8))
    certificates_pdf(chosen=batch[:5], title="warm-up")  # font registration and first subset, once per process

    start, cpu_start = time.perf_counter(), time.process_time()
    pdf = certificates_pdf(chosen=batch, title="2025年度数字化激励 证书")
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    rate = COUNT / seconds

    singles = []
    for certificate in batch[:20]:
        start = time.perf_counter()
        single = certificates_pdf(chosen=[certificate], title=str(certificate))
        singles.append(time.perf_counter() - start)
    segno_ms, widget_ms = qr_costs("https://talent.example.gov.cn/verify/2025-AB12-CD34?code=ABCDEFG")
    qr_ms, credential_ms = signing_costs(batch)
    reference, reference_cpu = unsigned_batch_seconds(batch)

    print(f"batch: {COUNT} certificates in one PDF in {seconds:.2f} s = {rate:.0f} pages/s "
          f"({len(pdf) / 1e6:.1f} MB, {len(pdf) / COUNT / 1e3:.1f} KB a page); goal >= {GOAL:.0f} pages/s: "
          f"{'met' if rate >= GOAL else 'NOT met'}")
    # On a machine shared with other work the wall clock counts their time too; the CPU time is this one's.
    print(f"       by this process's CPU time: {cpu_seconds:.2f} s = {COUNT / cpu_seconds:.0f} pages/s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"single certificate: {statistics.median(singles) * 1000:.0f} ms, {len(single) / 1e3:.0f} KB "
          "(the embedded font subset is most of it)")
    print(f"QR code: segno drawn as one path {segno_ms:.1f} ms, ReportLab QrCodeWidget {widget_ms:.1f} ms")
    print(f"signing per certificate: QR code's signed texts {qr_ms:.3f} ms, Open Badges credential built and signed "
          f"{credential_ms:.3f} ms; goal <= {SIGNING_GOAL_MS:.0f} ms each: "
          f"{'met' if max(qr_ms, credential_ms) <= SIGNING_GOAL_MS else 'NOT met'}")
    print(f"reference in this run, as printed before signing (address and code only, mask scored): {reference:.2f} s "
          f"= {COUNT / reference:.0f} pages/s, CPU {reference_cpu:.2f} s = {COUNT / reference_cpu:.0f} pages/s; "
          f"signed / reference CPU time {cpu_seconds / reference_cpu:.2f}")


if __name__ == "__main__":
    main()
