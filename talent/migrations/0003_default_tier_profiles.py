"""The tier profiles the article's "layered cultivation" implies: leaders weigh decision and development,
general cadres execution, technical specialists execution and creativity. HR may tune them afterwards."""

from decimal import Decimal

from django.db import migrations

CAPACITIES = ("perception", "execution", "decision", "creativity", "development")
DEFAULTS = {
    # tier: (weights, targets), both in CAPACITIES order
    "leader": (("0.15", "0.15", "0.30", "0.15", "0.25"), (75, 70, 85, 70, 85)),
    "general": (("0.20", "0.35", "0.15", "0.15", "0.15"), (75, 80, 65, 60, 70)),
    "specialist": (("0.15", "0.30", "0.15", "0.25", "0.15"), (75, 85, 70, 80, 75)),
}
EMPHASIS = {
    "leader": "决策力与发展力：用数据支撑决策，统筹网络安全与数字化组织建设",
    "general": "执行力与管理：熟练运用政务平台办理业务，开展数字化协同",
    "specialist": "技能操作与技术更新：执行力与创造力，持续跟进新技术",
}


def create_profiles(apps, schema_editor):
    TierProfile = apps.get_model("talent", "TierProfile")
    for tier, (weights, targets) in DEFAULTS.items():
        fields = {f"{c}_weight": Decimal(w) for c, w in zip(CAPACITIES, weights, strict=True)}
        fields.update({f"{c}_target": t for c, t in zip(CAPACITIES, targets, strict=True)})
        TierProfile.objects.get_or_create(tier=tier, defaults={**fields, "emphasis": EMPHASIS[tier]})


def delete_profiles(apps, schema_editor):
    apps.get_model("talent", "TierProfile").objects.filter(tier__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0002_skills_literacy_training")]

    operations = [migrations.RunPython(create_profiles, delete_profiles)]
