"""A line's computation as sentences a person can follow with a calculator, from the breakdown stored
on the line and the cycle's summary (the same figures the computation used)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import listing, money
from incentives.models import Exclusion, Grade
from talent.models import Rank

COMPONENT_LABELS = {
    "appraisal": gettext_lazy("appraisal grade"),
    "literacy": gettext_lazy("literacy composite"),
    "contributions": gettext_lazy("verified contributions and learning groups"),
    "secondments": gettext_lazy("secondment ratings"),
}


def rules(summary: dict) -> dict:
    """The policy as applied (from the cycle's summary), in the reader's language: labels for the codes the
    summary stores; money as text with two decimals, "" for no cap."""
    policy = summary.get("policy")
    if not policy:
        return {}
    ranks = dict(Rank.choices)
    return {
        "name": policy["name"],
        "weights": [(COMPONENT_LABELS[name], weight) for name, weight in policy["weights"].items()],
        "coefficients": [(ranks.get(rank, rank), value) for rank, value in policy["rank_coefficients"].items()],
        "backbone": policy["backbone_rule"],
        "learning": policy.get("learning_rule", ""),
        "lending": policy.get("lending_rule", ""),
        "cap": money(policy["cap"]) if policy["cap"] else "",
        "months": policy["min_months_in_post"],
        "honour": _("%(title)s: the top %(percent)s %% of the eligible, at most %(most)s per department.") % {
            "title": policy["honour_title"], "percent": policy["honour_percent"],
            "most": policy["honour_max_per_department"]},
    }


def _value(name: str, breakdown: dict, component: dict, policy: dict) -> str:
    if name == "appraisal":
        return _("%(grade)s = %(points)s points") % {"grade": Grade(breakdown["grade"]).label,
                                                     "points": component["value"]}
    if name == "literacy" and breakdown["literacy"] is None:
        return _("not assessed = 0")
    if name == "contributions":
        impacts = " + ".join(map(str, breakdown["contributions"])) or "0"
        # Lines computed before learning activities counted have no counts, and stay as they were explained.
        led, attended = breakdown.get("activities_led", 0), breakdown.get("activities_attended", 0)
        lent = breakdown.get("people_lent", 0)
        if lent and Decimal(policy.get("points_per_person_lent", "0")):
            return _("impact %(impacts)s + %(led)s learning activities led × %(per_led)s + %(attended)s attended × "
                     "%(per_attended)s + %(lent)s people lent by the departments they head × %(per_lent)s = "
                     "%(total)s") % {
                "impacts": impacts, "led": led, "per_led": policy["points_per_activity_led"], "attended": attended,
                "per_attended": policy["points_per_activity_attended"], "lent": lent,
                "per_lent": policy["points_per_person_lent"], "total": component["value"]}
        if not (led or attended):
            return _("impact %(impacts)s = %(total)s") % {"impacts": impacts, "total": component["value"]}
        return _("impact %(impacts)s + %(led)s learning activities led × %(per_led)s + %(attended)s attended × "
                 "%(per_attended)s = %(total)s") % {
            "impacts": impacts, "led": led, "per_led": policy["points_per_activity_led"], "attended": attended,
            "per_attended": policy["points_per_activity_attended"], "total": component["value"]}
    if name == "secondments":
        ratings = breakdown["secondment_ratings"]
        if not ratings:
            return _("no rated secondment = 0")
        return _("mean of ratings %(ratings)s = %(mean)s") % {"ratings": ", ".join(map(str, ratings)),
                                                             "mean": component["value"]}
    return component["value"]


def steps(line, summary: dict, skill_names: dict[str, str] | None = None) -> list[str]:
    """`skill_names`: skill code -> name, so the backbone's skills read as names (codes where unknown)."""
    breakdown = line.breakdown
    skill_names = skill_names or {}
    if not line.eligible:
        reason = Exclusion(line.exclusion).label
        if line.exclusion == Exclusion.TOO_NEW:
            reason = _("%(months)s months in post, fewer than the %(minimum)s required") % {
                "months": breakdown["months_in_post"], "minimum": summary["policy"]["min_months_in_post"]}
        return [_("Excluded: %(reason)s. No amount.") % {"reason": reason}]

    found = []
    for name, component in breakdown["components"].items():
        found.append(_("%(label)s: %(value)s; ÷ best in the cycle %(best)s = %(normalised)s; × weight %(weight)s × 100 "
                       "= %(points)s points") % {
            "label": COMPONENT_LABELS[name], "value": _value(name, breakdown, component, summary["policy"]),
            "best": summary["best"][name], "normalised": component["normalised"],
            "weight": summary["policy"]["weights"][name],
            "points": f"{Decimal(component['points']).normalize():f}"})
    found.append(_("Score: the sum, rounded to 2 places = %(score)s") % {"score": line.score})
    found.append(_("Rank coefficient (%(rank)s): %(coefficient)s") % {
        "rank": line.get_rank_display(), "coefficient": breakdown["coefficient"]})
    if line.backbone:
        found.append(_("Digital backbone (%(count)s verified contributions; critical skills %(skills)s): tilt %(tilt)s")
                     % {"count": len(breakdown["contributions"]), "tilt": breakdown["tilt"],
                        "skills": listing(skill_names.get(code, code) for code in breakdown["backbone_skills"])
                        or "—"})
    else:
        found.append(_("Not in the digital backbone: tilt 1"))
    found.append(_("Allocation weight = %(score)s × %(coefficient)s × %(tilt)s = %(weight)s") % {
        "score": line.score, "coefficient": breakdown["coefficient"], "tilt": breakdown["tilt"], "weight": line.weight})
    if breakdown["capped"]:
        found.append(_("The share came above the cap, so the amount is the cap: %(amount)s yuan") % {
            "amount": money(line.recommended)})
    elif line.weight > 0:
        # The exact share is whole fen plus remainder/divisor of a fen: shown in yuan, the part below a fen
        # with four decimals, since it is what the largest-remainder round compares.
        whole, remainder, divisor = breakdown["exact_fen"]
        below_a_fen = (Decimal(remainder) / Decimal(divisor) / 100).quantize(Decimal("0.0001"))
        found.append(_("Share = pool %(pool)s yuan × %(weight)s ÷ total weight %(pool_weight)s = %(share)s yuan "
                       "and %(rest)s yuan below a fen") % {
            "pool": money(summary["pool"]), "weight": line.weight, "pool_weight": summary["pool_weight"],
            "share": money(Decimal(whole).scaleb(-2)), "rest": below_a_fen})
        if breakdown["extra_fen"]:
            found.append(_("Among the largest parts below a fen: + 0.01 yuan = %(amount)s yuan") % {
                "amount": money(line.recommended)})
        else:
            found.append(_("The part below a fen is dropped: %(amount)s yuan") % {"amount": money(line.recommended)})
    else:
        found.append(_("A weight of 0 shares nothing: 0.00 yuan"))
    if line.adjustment:
        found.append(_("Adjusted by leadership by %(adjustment)s yuan (%(reason)s): final %(final)s yuan") % {
            "adjustment": money(line.adjustment), "reason": line.adjustment_reason, "final": money(line.final)})
    return found
