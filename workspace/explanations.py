"""A candidate's score as people read it: the terms of sharing.scoring, each with its points, its share of the
bar and one sentence, from the explanation the API returns and the secondment stores. The interest term (opt-in
mobility) is shown where HR gives it points (SECONDMENT_INTEREST_POINTS)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharing.scoring import POINTS, SOURCE_CONFIDENCE, TERMS

LABELS = {
    "skill_fit": gettext_lazy("Skill fit"),
    "level_surplus": gettext_lazy("Level surplus"),
    "affinity": gettext_lazy("Affinity"),
    "fairness": gettext_lazy("Fairness"),
    "home_impact": gettext_lazy("Home impact"),
    "interest": gettext_lazy("Interest"),
}
SOURCES = {
    SOURCE_CONFIDENCE["certified"]: gettext_lazy("certified"),
    SOURCE_CONFIDENCE["assessed"]: gettext_lazy("assessed"),
    SOURCE_CONFIDENCE["self_declared"]: gettext_lazy("self-declared"),
}


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    points: float
    out_of: int
    start: float  # where its part of the bar starts, in points out of 100
    sentence: str


def _skills(explanation: dict, each) -> str:
    return _("; ").join(each(skill) for skill in explanation.get("skills", []))


def _sentence(key: str, explanation: dict) -> str:
    if key == "skill_fit":
        return _("How sure each skill is: %(skills)s.") % {"skills": _skills(explanation, lambda s: _(
            "%(skill)s at level %(level)s, %(source)s") % {
            "skill": s["skill_name"], "level": s["level"], "source": SOURCES.get(s["confidence"], "")})}
    if key == "level_surplus":
        above = [s for s in explanation.get("skills", []) if s["level"] > s["min_level"]]
        if not above:
            return _("Meets the levels asked for, no more.")
        return _("Above the level asked for: %(skills)s.") % {"skills": _("; ").join(
            _("%(skill)s by %(levels)s") % {"skill": s["skill_name"], "levels": s["level"] - s["min_level"]}
            for s in above)}
    if key == "affinity":
        return _("How used the two departments are to working together (past secondments, shared learning "
                 "groups): %(affinity)s on a scale from 0 to 1.") % {"affinity": explanation.get("affinity", 0)}
    if key == "interest":
        if explanation.get("interested"):
            return _("Said they are interested in this request.")
        return _("Did not say they are interested in this request.")
    if key == "fairness":
        recent = explanation.get("recent_secondments", 0)
        seconded = (_("Not seconded in the past year") if not recent
                    else _("Seconded %(count)s times in the past year") % {"count": recent})
        return _("%(seconded)s; their department has %(lent)s people out, at most %(cap)s.") % {
            "seconded": seconded, "lent": explanation.get("home_lent", 0), "cap": explanation.get("home_cap", 0)}
    return _("Colleagues at home who hold the skill at the level asked for: %(skills)s.") % {
        "skills": _skills(explanation, lambda s: _("%(skill)s %(count)s") % {
            "skill": s["skill_name"], "count": s["holders_at_home"]})}


def out_of(explanation: dict) -> int:
    """The most a candidate could score: 100, plus the interest points HR gave when it was scored."""
    return 100 + int(explanation.get("interest_points", 0) or 0)


def terms(explanation: dict) -> list[Term]:
    """The terms in the scoring's order (interest only where it had points); empty for a secondment recorded
    without an explanation."""
    if not explanation.get("terms"):
        return []
    found, start = [], 0.0
    for key in TERMS:
        most = int(explanation.get("interest_points", 0) or 0) if key == "interest" else POINTS[key]
        if key == "interest" and not most:
            continue
        points = float(explanation["terms"].get(key, 0))
        found.append(Term(key, str(LABELS[key]), points, most, start, _sentence(key, explanation)))
        start += points
    return found
