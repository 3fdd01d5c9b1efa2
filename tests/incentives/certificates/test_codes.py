"""Serials and verification codes: unguessable, unforgeable without the key, forgiving to a person typing."""

import dataclasses
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incentives import certificates
from incentives.certificates import NOT_FOUND, REVOKED, VALID, Content

KEY = certificates.derive_key("the bureau's secret")
LI_MA = Content(serial="2025-AB12-CD34", name="李码", department="信息中心", honour="数字化先进个人",
                cycle="2025年度数字化激励", issuer="示范省机关事务管理局", issued_on=date(2026, 1, 15))


def check(code: str, *, found=LI_MA, revoked=False, key=KEY) -> str:
    return certificates.verdict(key=key, found=found, revoked=revoked, presented_code=code)


def test_a_serial_is_the_year_and_eight_random_characters():
    serials = {certificates.new_serial(2025) for _ in range(2000)}

    assert len(serials) == 2000
    assert all(re.fullmatch(r"2025-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", serial) for serial in serials)


@given(st.binary(min_size=5, max_size=5), st.integers(2000, 2100))
def test_a_printed_serial_reads_back_however_it_is_typed(random, year):
    serial = certificates.new_serial(year, random_bytes=lambda n: random)
    typed = serial.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    full_width = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in serial)

    assert certificates.parse_serial(serial) == serial
    assert certificates.parse_serial(typed) == serial
    assert certificates.parse_serial(full_width) == serial


@pytest.mark.parametrize("text", ["", "2025", "2025-AB12-CD3", "2025-AB12-CD345", "20X5-AB12-CD34",
                                  "2025-AB12-CDU4", "../../etc/passwd", "2025-AB12-CD3\u00e9", "2025-AB12-CD3٤"])
def test_text_that_cannot_be_a_serial_is_not_one(text):
    assert certificates.parse_serial(text) is None


def test_the_right_code_is_valid_and_a_revoked_certificate_says_so():
    code = certificates.code_for(KEY, LI_MA)

    assert check(code) == VALID
    assert check(code, revoked=True) == REVOKED


def test_a_code_is_forgiving_to_a_person_reading_it_off_paper():
    code = certificates.format_code(certificates.code_for(KEY, LI_MA))
    typed = code.lower().replace("1", "I").replace("0", "O").replace("-", " ")

    assert check(code) == VALID
    assert check(typed) == VALID


@given(st.integers(0, 9), st.sampled_from(certificates.ALPHABET))
def test_a_tampered_code_is_not_found(position, replacement):
    code = certificates.code_for(KEY, LI_MA)
    tampered = code[:position] + replacement + code[position + 1:]

    assert check(tampered) == (VALID if tampered == code else NOT_FOUND)


def test_an_unknown_serial_and_a_wrong_code_get_the_same_answer_even_for_a_revoked_certificate():
    code = certificates.code_for(KEY, LI_MA)

    assert check(code, found=None) == NOT_FOUND
    assert check("AAAAA-AAAAA", revoked=True) == NOT_FOUND
    assert check("AAAAA-AAAAA") == NOT_FOUND


@given(st.text(max_size=200))
def test_any_text_as_a_code_gets_an_answer_never_an_error(text):
    assert check(text) in (VALID, NOT_FOUND)


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Content)])
def test_changing_any_printed_text_invalidates_the_code(field):
    code = certificates.code_for(KEY, LI_MA)
    changed = dataclasses.replace(LI_MA, **{field: date(2026, 1, 16) if field == "issued_on" else "李玛"})

    assert check(code, found=changed) == NOT_FOUND


def test_fields_cannot_be_shifted_into_one_another():
    code = certificates.code_for(KEY, LI_MA)
    shifted = dataclasses.replace(LI_MA, name="李码信息", department="中心")

    assert check(code, found=shifted) == NOT_FOUND


def test_only_the_key_makes_a_code():
    other_key = certificates.derive_key("another bureau's secret")

    assert check(certificates.code_for(other_key, LI_MA)) == NOT_FOUND


def test_the_key_is_the_configured_one_or_else_derived_from_the_secret_key_under_its_own_label():
    configured = certificates.signing_key(configured="k" * 32, secret_key="s")
    derived = certificates.signing_key(configured=None, secret_key="s")

    assert configured == b"k" * 32
    assert derived == certificates.derive_key("s")
    assert derived not in (b"s", certificates.derive_key("t"))


def test_the_verification_address_carries_the_serial_and_code():
    url = certificates.verification_url("https://talent.example.gov.cn/", "2025-AB12-CD34", "ABCDEFGHJK")

    assert url == "https://talent.example.gov.cn/verify/2025-AB12-CD34?code=ABCDEFGHJK"


@pytest.mark.parametrize(("name", "masked"), [("李", "*"), ("李码", "李*"), ("欧阳明", "欧*明"), ("欧阳明华", "欧**华"),
                                              ("阿依古丽·买买提", "阿******提"), (" 李码 ", "李*"),
                                              ("欧阳明\u202e", "欧*明"), ("\u202e李\x01码", "李*")])
def test_the_public_sees_a_name_only_in_part(name, masked):
    assert certificates.masked_name(name) == masked
