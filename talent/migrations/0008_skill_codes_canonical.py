"""Skill codes take one canonical form (talent.search.SKILL_CODE): existing codes are upper-cased, and
characters a code may not hold are spelled out (C++ -> CPP, C# -> CSHARP) or become _, so every skill can be
searched. A code that would clash with another gets a numbered suffix."""

import re

from django.db import migrations, models

import talent.validators

_SPELLED = (("+", "P"), ("#", "SHARP"))


def canonical(code: str) -> str:
    code = code.strip().upper()
    for character, spelled in _SPELLED:
        code = code.replace(character, spelled)
    code = re.sub(r"[^A-Z0-9_.\-]", "_", code).lstrip("_.-") or "SKILL"
    return code[:32]


def forwards(apps, schema_editor):
    Skill = apps.get_model("talent", "Skill")
    taken = set(Skill.objects.values_list("code", flat=True))
    for skill in Skill.objects.order_by("pk"):
        wanted = canonical(skill.code)
        if wanted == skill.code:
            continue
        taken.discard(skill.code)
        code, n = wanted, 2
        while code in taken:
            suffix = f"_{n}"
            code, n = wanted[:32 - len(suffix)] + suffix, n + 1
        taken.add(code)
        Skill.objects.filter(pk=skill.pk).update(code=code)


class Migration(migrations.Migration):

    dependencies = [
        ('talent', '0007_period_years_1900_2099'),
    ]

    operations = [
        migrations.AlterField(
            model_name='skill',
            name='code',
            field=models.CharField(help_text='Capitals, digits, _ . or -; stored upper-case.', max_length=32, unique=True, validators=[talent.validators.validate_skill_code], verbose_name='code'),
        ),
        # The old codes cannot be told from the new ones afterwards; going back keeps the canonical codes.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
