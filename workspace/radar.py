"""The geometry of a radar chart, pure: where a score's point, a grid ring, an axis and its label go.

Scores run 0-100 on every axis; the first axis points straight up and the others follow clockwise, so the
five capacities read in the order the model lists them. The template draws the SVG from these numbers.
"""

import math
from dataclasses import dataclass

SIZE = 360  # the SVG's viewBox is SIZE x SIZE
CENTRE = SIZE / 2
RADIUS = 120  # leaves room round the pentagon for the axis labels
RINGS = (20, 40, 60, 80, 100)


@dataclass(frozen=True)
class Axis:
    label: str
    value: int | None
    target: int | None
    end: tuple[float, float]  # where the axis meets the outer ring
    label_at: tuple[float, float]
    anchor: str  # "start", "middle" or "end": which side of label_at the label's text runs
    value_at: tuple[float, float] | None


@dataclass(frozen=True)
class Ring:
    scale: int
    points: str
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Radar:
    size: int
    centre: float
    axes: list[Axis]
    rings: list[Ring]
    values: str  # polygon points; "" when a score is missing
    targets: str
    target_label_at: tuple[float, float] | None


def _point(index: int, count: int, score: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * score / 100
    return round(CENTRE + distance * math.cos(angle), 1), round(CENTRE + distance * math.sin(angle), 1)


def _polygon(scores: list[int | None]) -> str:
    if not scores or any(score is None for score in scores):
        return ""
    return " ".join(f"{x},{y}" for x, y in (_point(i, len(scores), s) for i, s in enumerate(scores)))


def _anchor(x: float) -> str:
    if abs(x - CENTRE) < 1:
        return "middle"
    return "start" if x > CENTRE else "end"


def radar(labels: list[str], values: list[int | None], targets: list[int | None]) -> Radar:
    """One axis per label, with the cadre's values and the tier's targets as two polygons over 20-point rings."""
    count = len(labels)
    axes = []
    for index, (label, value, target) in enumerate(zip(labels, values, targets, strict=True)):
        label_at = _point(index, count, 112)
        axes.append(Axis(label, value, target, _point(index, count, 100), label_at, _anchor(label_at[0]),
                         None if value is None else _point(index, count, value)))
    # The scale is written just left of the upright axis, clear of the values, which sit right of their points.
    rings = [Ring(scale, _polygon([scale] * count), (CENTRE - 4, round(CENTRE - RADIUS * scale / 100 + 4, 1)))
             for scale in RINGS]
    target_points = _polygon(targets)
    # The target polygon is named where it crosses the second axis, the one on the right.
    target_label_at = _point(1, count, targets[1]) if target_points and count > 1 else None
    return Radar(SIZE, CENTRE, axes, rings, _polygon(values), target_points, target_label_at)
