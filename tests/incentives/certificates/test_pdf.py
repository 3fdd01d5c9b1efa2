"""The printed certificate, read back with poppler and zbar: embedded font, the texts, the QR code."""

import re
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.pdf import cjk_font, missing_characters
from incentives import certificate_drawing as certificate_pdf
from incentives.certificate_drawing import (
    HEIGHT,
    MARGIN,
    QR_SIZE,
    QR_X,
    QR_Y,
    TEXT_BOTTOM,
    WIDTH,
    Sheet,
    corner,
    flow,
    wrap,
)
from tests.incentives.certificates import poppler
from tests.incentives.certificates.conftest import needs_poppler, needs_zbar

URL = "https://talent.example.gov.cn/verify/2025-AB12-CD34?code=ABCDEFGHJK"


def sheet(**overrides) -> Sheet:
    texts = dict(serial="2025-AB12-CD34", code="ABCDE-FGHJK", url=URL, verify_page="https://talent.example.gov.cn/verify/",
                 name="李码", department="信息中心", honour="数字化先进个人", cycle="2025年度数字化激励",
                 issuer="示范省机关事务管理局", issued_on="2026年1月15日")
    return Sheet(**{**texts, **overrides})


def render(*sheets: Sheet) -> bytes:
    return certificate_pdf.render(sheets, title="证书", author="示范省机关事务管理局")


@needs_poppler
def test_every_font_is_embedded_and_it_is_the_shipped_chinese_one():
    fonts = poppler.fonts(render(sheet()))

    assert fonts, "the certificate has text, so it has a font"
    assert all(font["embedded"] for font in fonts)
    assert {font["type"] for font in fonts} == {"TrueType"}
    assert all("WenQuanYi" in font["name"] for font in fonts)


@needs_poppler
def test_the_text_gives_back_the_name_department_honour_serial_code_and_issuer():
    text = poppler.text(render(sheet()))

    for printed in ("李码", "信息中心", "数字化先进个人", "2025-AB12-CD34", "ABCDE-FGHJK", "示范省机关事务管理局",
                    "2026年1月15日", "https://talent.example.gov.cn/verify/"):
        assert printed in text


@needs_poppler
def test_a_certificate_is_one_a4_landscape_page_with_its_metadata():
    info = poppler.info(render(sheet()))

    assert info["Pages"].strip() == "1"
    assert info["Page size"].split("pts")[0].split() == ["841.89", "x", "595.276"] or "A4" in info["Page size"]
    assert info["Title"].strip() == "证书"


@needs_poppler
@needs_zbar
def test_the_qr_code_opens_the_verification_page_of_this_certificate():
    assert poppler.qr_codes(render(sheet())) == [URL]


@needs_poppler
def test_the_qr_code_is_drawn_as_vectors_not_pasted_as_an_image():
    assert poppler.images(render(sheet())) == []


@needs_poppler
@needs_zbar
def test_a_batch_has_one_page_per_certificate_each_with_its_own_texts_and_code():
    people = [("赵文", "2025-AAAA-0001"), ("钱进", "2025-AAAA-0002"), ("孙会", "2025-AAAA-0003")]
    pdf = render(*(sheet(name=name, serial=serial, url=f"https://v.example/verify/{serial}?code=X")
                   for name, serial in people))

    assert poppler.info(pdf)["Pages"].strip() == "3"
    for page, (name, serial) in enumerate(people, start=1):
        text = poppler.text(pdf, page=page)
        assert name in text and serial in text
        assert poppler.qr_codes(pdf, page=page) == [f"https://v.example/verify/{serial}?code=X"]


def test_a_character_the_font_cannot_draw_is_printed_as_a_mark_rather_than_failing_the_batch():
    rare = "\U0002a6a5"  # a CJK Extension B character outside the shipped font
    assert missing_characters(rare) == [rare]

    pdf = render(sheet(), sheet(name=f"李{rare}\u202e", serial="2025-AAAA-0002"))

    if shutil.which("pdftotext"):
        assert "李□□" in poppler.text(pdf, page=2)


def _box(line) -> tuple[float, float, float, float]:
    """left, bottom, right, top of a line of text (descenders and ascenders included)."""
    width = stringWidth(line.text, cjk_font(), line.size)
    left = line.x - width / 2 if line.align == "centre" else line.x
    return left, line.y - 0.25 * line.size, left + width, line.y + line.size


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_long_names_and_titles_shrink_and_wrap_but_stay_clear_of_the_verification_corner():
    long = sheet(name="阿依古丽·买买提艾力江" * 4, department="公共机构节能管理处" * 10,
                 honour="数字化转型突出贡献先进个人" * 4, cycle="全省机关事务系统数字化能力提升行动" * 6)
    short = flow(sheet())
    lines = flow(long)

    assert max(line.size for line in lines) < max(line.size for line in short)
    assert len(lines) > len(short)
    assert min(_box(line)[1] for line in lines) >= TEXT_BOTTOM - 0.25 * max(line.size for line in lines)
    assert not any(_overlap(_box(a), _box(b)) for a in lines for b in corner(long))


printable = st.text(alphabet=st.sampled_from("李码欧阳明华信息中心数字化先进个人年度激励·（）()，、。ABCxyz0123 -"))


@settings(max_examples=60, deadline=None)
@given(name=printable.map(lambda t: t[:50]), department=printable.map(lambda t: t[:100]),
       honour=printable.map(lambda t: t[:50]), cycle=printable.map(lambda t: t[:120]))
def test_whatever_the_texts_nothing_overlaps_and_everything_stays_inside_the_frame(name, department, honour, cycle):
    certificate = sheet(name=name, department=department, honour=honour, cycle=cycle)
    text, bottom = flow(certificate), corner(certificate)
    frame = (14 * mm, 14 * mm, WIDTH - 14 * mm, HEIGHT - 14 * mm)
    qr = (QR_X, QR_Y, QR_X + QR_SIZE, QR_Y + QR_SIZE)

    for line in text:
        left, low, right, top = _box(line)
        assert left >= MARGIN - 0.5
        assert right <= WIDTH - MARGIN + 0.5
        assert low >= TEXT_BOTTOM - line.size
    for line in text + bottom:
        left, low, right, top = _box(line)
        assert frame[0] < left and right < frame[2] and frame[1] < low and top < frame[3]
        assert not _overlap(_box(line), qr)
    assert not any(_overlap(_box(a), _box(b)) for a in text for b in bottom)
    assert not any(_overlap(_box(a), _box(b)) for i, a in enumerate(bottom) for b in bottom[i + 1:])


CLOSING = "，。）"
words = st.lists(st.sampled_from(["数字化", "先进", "个人", *CLOSING, "IT", "2025", "SQL", "运维"]), max_size=60)


@given(words.map("".join), st.integers(8, 30), st.integers(0, 3))
def test_wrapping_keeps_every_character_and_each_line_within_the_width(text, size, indent_chars):
    lines = wrap(text, size, 200, first_indent=indent_chars * size)

    assert "".join(lines) == text
    for i, line in enumerate(lines):
        assert stringWidth(line, cjk_font(), size) + (indent_chars * size if i == 0 else 0) <= 200 or len(line) == 1


@given(words.map("".join), st.integers(8, 30))
def test_a_line_starts_with_closing_punctuation_only_after_a_run_of_it_or_a_word_filling_the_line(text, size):
    lines = wrap(text, size, 200)

    for previous, line in zip(lines, lines[1:], strict=False):
        assert line[0] not in CLOSING or previous[-1] in CLOSING or re.fullmatch(r"[0-9A-Za-z]+", previous)


@given(words.map("".join), st.integers(8, 30))
def test_wrapping_breaks_a_latin_word_or_number_only_when_it_is_longer_than_a_line(text, size):
    lines = wrap(text, size, 200)

    boundary = 0
    for line in lines[:-1]:
        boundary += len(line)
        for word in re.finditer(r"[0-9A-Za-z]+", text):
            if word.start() < boundary < word.end():
                assert stringWidth(word.group(), cjk_font(), size) > 200
