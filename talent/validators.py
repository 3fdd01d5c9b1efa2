"""Validators: Chinese identifiers (citizen ID, mobile phone, credit code), the bureau's skill codes, and what
free text may hold."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from talent.search import SKILL_CODE

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def national_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_national_id(value: str) -> None:
    value = (value or "").strip().upper()
    if not _ID_SHAPE.match(value):
        raise ValidationError(
            _("A citizen ID number has 18 characters: 17 digits and a digit or X."), code="id_format"
        )
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date inside the citizen ID number is not a real date."),
                              code="id_birthdate") from None
    if national_id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The citizen ID number's check digit is wrong (GB 11643)."), code="id_check")


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(value or ""):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13-19."), code="mobile_format"
        )


# GB 32100-2015: the 18th character of a unified social credit code is a check character over the
# 31-character alphabet below (the digits and the capitals without I, O, Z, S and V).
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_SHAPE = re.compile(rf"^[{_CREDIT_CHARS}]{{18}}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    value = (value or "").strip().upper()
    if not _CREDIT_SHAPE.match(value):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters other than "
              "I, O, Z, S and V."), code="credit_code_format",
        )
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The unified social credit code's check character is wrong (GB 32100)."),
                              code="credit_code_check")


_SKILL_CODE = re.compile(rf"^{SKILL_CODE}$")


def validate_skill_code(value: str) -> None:
    """Codes are stored upper-cased (Skill.clean); this accepts either case so a form can be given "py"."""
    if not _SKILL_CODE.match((value or "").strip().upper()):
        raise ValidationError(
            _("A skill code has 1-32 characters: letters, digits, _ . or -, starting with a letter or digit "
              "(for C++ write CPP)."), code="skill_code_format",
        )


# The text policy (docs/security.md). Free text is stored as typed, but never with characters that
# change how the text around them reads or breaks the files it goes into: control characters (XLSX
# cannot hold them; only tab and line breaks in multi-line fields), format characters (the bidi
# overrides that reverse a name on the verification page, zero-width characters that make two equal-looking
# names differ), surrogates, private-use and unassigned code points, and line or paragraph separators.
_REFUSED_CATEGORIES = {
    "Cc": _("a control character"),
    "Cf": _("an invisible formatting character"),
    "Cs": _("a surrogate"),
    "Co": _("a private-use character"),
    "Cn": _("an unassigned code point"),
    "Zl": _("a line separator"),
    "Zp": _("a paragraph separator"),
}
_BLOCK_ALLOWED = frozenset("\t\n\r")


def _refuse(ch: str, kind) -> None:
    raise ValidationError(
        _("Contains a character that is not allowed: U+%(code)04X (%(kind)s)."),
        code="text_character", params={"code": ord(ch), "kind": kind},
    )


def _check_text(value: str, allowed: frozenset[str]) -> None:
    if not value or value.isascii() and value.isprintable():
        return  # printable ASCII has none of the refused categories: told without a look at each character
    for ch in value:
        kind = _REFUSED_CATEGORIES.get(unicodedata.category(ch))
        if kind is not None and ch not in allowed:
            _refuse(ch, kind)


def visible(value: str) -> str:
    """The text without the characters the policy refuses: how a row saved before it is shown in public."""
    return "".join(ch for ch in value if unicodedata.category(ch) not in _REFUSED_CATEGORIES)


def validate_text_line(value: str) -> None:
    """A one-line text field: a name, a title, a reason."""
    _check_text(value, frozenset())


def validate_text_block(value: str) -> None:
    """A multi-line text field: notes, evidence, a comment. Tabs and line breaks are allowed too."""
    _check_text(value, _BLOCK_ALLOWED)


def validate_printed_line(value: str) -> None:
    """A one-line field that certificates and lists print: also only characters the PDF font can draw."""
    from core.pdf import missing_characters  # the font is loaded on the first check, not at import

    validate_text_line(value)
    missing = missing_characters(value or "")
    if missing:
        raise ValidationError(
            _("Contains characters the printed documents cannot show: %(chars)s."),
            code="text_unprintable", params={"chars": " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing)},
        )


def validate_year_1900_2099(value) -> None:
    """A date or time a person enters: the years periods take too. Far years are typing mistakes, and before
    1901 Asia/Shanghai resolves to local mean time (+08:05:43) rather than China Standard Time."""
    if not 1900 <= value.year <= 2099:
        raise ValidationError(_("Give a date between 1900 and 2099."), code="year_range")
