"""Validators for Chinese identifiers (citizen ID, GB 11643-1999; mobile phone numbers; unified social
credit codes, GB 32100-2015) and for the bureau's own skill codes."""

import re
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
