"""Prints certificate throughput: 1,000 certificates in one batch PDF, one certificate alone, and what
a QR code costs drawn as one vector path (segno) against ReportLab's QR widget.

    python bench/certificates.py

The batch goes through the same call as the API's download (certificate_selectors.certificates_pdf):
codes, dates, layout, the font check, drawing and the PDF file, for certificates as the database holds
them (built in memory here: reading 1,000 rows is one query and not what is measured). Goal: >= 60
pages per second.
"""

import io
import json
import os
import random
import statistics
import time
from datetime import date

from _setup import ROOT, setup

COUNT = 1000
GOAL = 60.0
DEMO = ROOT / "fixtures" / "demo_bureau.json"


def certificates(rng: random.Random) -> list:
    """1,000 certificates for the demo bureau's people (names and departments drawn from it)."""
    from incentives import certificates as codes
    from incentives.models import Certificate

    bureau = json.loads(DEMO.read_text(encoding="utf-8"))
    departments = {row["code"]: row["name"] for row in bureau["departments"]}
    people = [(row["name"], departments[row["department"]]) for row in bureau["cadres"]]
    return [
        Certificate(serial=codes.new_serial(2025), recipient_name=name, department_name=department,
                    honour="数字化先进个人", cycle_title="2025年度数字化激励", issuer="示范省机关事务管理局",
                    issued_on=date(2026, 1, 15))
        for name, department in (rng.choice(people) for _ in range(COUNT))
    ]


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

    print(f"batch: {COUNT} certificates in one PDF in {seconds:.2f} s = {rate:.0f} pages/s "
          f"({len(pdf) / 1e6:.1f} MB, {len(pdf) / COUNT / 1e3:.1f} KB a page); goal >= {GOAL:.0f} pages/s: "
          f"{'met' if rate >= GOAL else 'NOT met'}")
    # On a machine shared with other work the wall clock counts their time too; the CPU time is this one's.
    print(f"       by this process's CPU time: {cpu_seconds:.2f} s = {COUNT / cpu_seconds:.0f} pages/s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"single certificate: {statistics.median(singles) * 1000:.0f} ms, {len(single) / 1e3:.0f} KB "
          "(the embedded font subset is most of it)")
    print(f"QR code: segno drawn as one path {segno_ms:.1f} ms, ReportLab QrCodeWidget {widget_ms:.1f} ms")


if __name__ == "__main__":
    main()
