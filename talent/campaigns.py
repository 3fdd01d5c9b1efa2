"""Scoring an assessment campaign: each cadre's five capacities from the answers of their raters, the
instrument's reliability per capacity (Cronbach's alpha) and how far self-assessment and others agree.
Pure: plain values and numpy arrays in, plain values out, no ORM.

The rule (docs/guide/hr.md quotes it):

1. An answer becomes 0-100: an agreement item (1-5) gives (answer - 1) / 4 x 100, a scored question
   answer / its highest score x 100.
2. One rater's score for a capacity is the weighted mean of their answers to that capacity's items
   (the item weights HR set).
3. A rater kind's score (self, supervisor, peers) is the plain mean of its raters' scores. Peers count
   only when at least the campaign's minimum number of them answered (anonymity: a lone peer's view would
   be recognisable); otherwise the peer kind is left out, as if no peer had been asked.
4. The cadre's score is the weighted mean of the kinds present, with the campaign's kind weights
   renormalised over those kinds (a missing supervisor's weight is shared out in proportion to the others).
   Rounded half up to a whole number. A cadre with no kind present (or only kinds weighted 0) gets no score.

Reliability: Cronbach's alpha per capacity over every submitted form (rows) and the capacity's items
(columns), on the 0-100 values, with sample variances: alpha = k / (k - 1) x (1 - sum of item variances /
variance of the row totals). None with fewer than two items or two forms, or no spread at all.
Every submitted form answers every item (the services refuse a partial form), so no row is incomplete.

Agreement: per capacity, the mean absolute difference, in points, between a cadre's self-assessment and the
others' score (supervisor and counted peers, combined by rule 4 without self), over the cadres having both;
0 is full agreement. Large gaps say the instrument or the raters read the capacity differently.

Answers are fed in chunks (`Tally.add`), each three equal-length integer arrays, so millions of answers
never sit in memory as Python objects.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from talent.literacy import CAPACITIES

KINDS = ("self", "supervisor", "peer")
_CAP = {name: index for index, name in enumerate(CAPACITIES)}
_KIND = {name: index for index, name in enumerate(KINDS)}


@dataclass(frozen=True)
class Item:
    id: int
    capacity: str
    weight: float = 1.0
    lowest: int = 1  # 1 for an agreement item, 0 for a scored question
    highest: int = 5


@dataclass(frozen=True)
class Form:
    id: int
    ratee: int
    kind: str


@dataclass
class Outcome:
    scores: dict[int, dict[str, int]]  # ratee -> capacity -> 0-100
    kinds_counted: dict[int, tuple[str, ...]]  # ratee -> the rater kinds that made their score
    alpha: dict[str, float | None]
    agreement: dict[str, dict]  # capacity -> {"mean_abs_diff": float | None, "cadres": int}
    forms: int = 0
    answers: int = 0
    unscored: list[int] = field(default_factory=list)  # ratees with forms but no score


def half_up(value: float) -> int:
    return int(Decimal(repr(round(float(value), 6))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Tally:
    """Sums kept per form and capacity (and per item, for alpha) while answers stream in."""

    def __init__(self, *, items: Sequence[Item], forms: Sequence[Form] = (), form_arrays=None):
        """`forms`, or for many forms `form_arrays`: (ids, ratee ids, kind indexes into KINDS) as arrays."""
        order = sorted(items, key=lambda item: item.id)
        self.item_ids = np.array([item.id for item in order], dtype=np.int64)
        self.item_cap = np.array([_CAP[item.capacity] for item in order], dtype=np.int64)
        self.item_weight = np.array([float(item.weight) for item in order])
        self.item_low = np.array([item.lowest for item in order], dtype=float)
        self.item_span = np.array([max(item.highest - item.lowest, 1) for item in order], dtype=float)
        self.items_per_cap = np.bincount(self.item_cap, minlength=5)
        if form_arrays is None:
            form_arrays = (np.array([form.id for form in forms], dtype=np.int64),
                           np.array([form.ratee for form in forms], dtype=np.int64),
                           np.array([_KIND[form.kind] for form in forms], dtype=np.int64))
        ids, ratees, kinds = (np.asarray(a, dtype=np.int64) for a in form_arrays)
        by_id = np.argsort(ids, kind="stable")
        self.form_ids = ids[by_id]
        self.ratee_ids, ratee_index = np.unique(ratees[by_id], return_inverse=True)
        self.form_ratee = ratee_index.astype(np.int64).ravel()
        self.form_kind = kinds[by_id]
        n_forms, n_items = len(self.form_ids), len(order)
        self.weighted = np.zeros(n_forms * 5)  # sum of weight x value, per form and capacity
        self.weights = np.zeros(n_forms * 5)
        self.totals = np.zeros(n_forms * 5)  # unweighted sum of values (alpha's row totals)
        self.item_n = np.zeros(n_items)
        self.item_sum = np.zeros(n_items)
        self.item_sq = np.zeros(n_items)
        self.answers = 0

    def _index(self, known: np.ndarray, wanted: np.ndarray, what: str) -> np.ndarray:
        where = np.searchsorted(known, wanted)
        if len(wanted) and (where.max(initial=0) >= len(known) or not np.array_equal(known[where], wanted)):
            raise ValueError(f"an answer names an unknown {what}")
        return where

    def add(self, form_ids, item_ids, values) -> None:
        form_ids, item_ids = np.asarray(form_ids, dtype=np.int64), np.asarray(item_ids, dtype=np.int64)
        fi = self._index(self.form_ids, form_ids, "form")
        ii = self._index(self.item_ids, item_ids, "item")
        value = (np.asarray(values, dtype=float) - self.item_low[ii]) / self.item_span[ii] * 100.0
        key = fi * 5 + self.item_cap[ii]
        size = len(self.weighted)
        self.weighted += np.bincount(key, weights=self.item_weight[ii] * value, minlength=size)
        self.weights += np.bincount(key, weights=self.item_weight[ii], minlength=size)
        self.totals += np.bincount(key, weights=value, minlength=size)
        n_items = len(self.item_ids)
        self.item_n += np.bincount(ii, minlength=n_items)
        self.item_sum += np.bincount(ii, weights=value, minlength=n_items)
        self.item_sq += np.bincount(ii, weights=value * value, minlength=n_items)
        self.answers += len(fi)

    def finish(self, *, kind_weights: Mapping[str, float], min_peers: int) -> Outcome:
        n_forms, n_ratees = len(self.form_ids), len(self.ratee_ids)
        answered = self.weights.reshape(n_forms, 5) > 0
        form_score = np.divide(self.weighted.reshape(n_forms, 5), self.weights.reshape(n_forms, 5),
                               out=np.zeros((n_forms, 5)), where=answered)
        # Rule 3: each kind's mean over its raters who answered the capacity.
        group = self.form_ratee * 3 + self.form_kind
        kind_sum = np.zeros((n_ratees * 3, 5))
        kind_n = np.zeros((n_ratees * 3, 5))
        for cap in range(5):
            kind_sum[:, cap] = np.bincount(group, weights=form_score[:, cap] * answered[:, cap],
                                           minlength=n_ratees * 3)
            kind_n[:, cap] = np.bincount(group, weights=answered[:, cap], minlength=n_ratees * 3)
        kind_sum, kind_n = kind_sum.reshape(n_ratees, 3, 5), kind_n.reshape(n_ratees, 3, 5)
        present = kind_n > 0
        present[:, _KIND["peer"], :] &= kind_n[:, _KIND["peer"], :] >= min_peers
        kind_mean = np.divide(kind_sum, kind_n, out=np.zeros_like(kind_sum), where=kind_n > 0)
        weight = np.array([float(kind_weights.get(kind, 0)) for kind in KINDS]).reshape(1, 3, 1)
        # Rule 4: the kinds present, weights renormalised over them.
        used = present * weight
        total_weight = used.sum(axis=1)
        scored = total_weight > 0
        final = np.divide((used * kind_mean).sum(axis=1), total_weight, out=np.zeros((n_ratees, 5)), where=scored)
        scores, kinds_counted, unscored = {}, {}, []
        for index, ratee in enumerate(self.ratee_ids.tolist()):
            if not scored[index].all():
                unscored.append(ratee)
                continue
            scores[ratee] = {cap: half_up(final[index, _CAP[cap]]) for cap in CAPACITIES}
            kinds_counted[ratee] = tuple(kind for k, kind in enumerate(KINDS) if (used[index, k] > 0).any())
        # Agreement: self against the others (rule 4 without self).
        others = used.copy()
        others[:, _KIND["self"], :] = 0
        others_weight = others.sum(axis=1)
        others_score = np.divide((others * kind_mean).sum(axis=1), others_weight, out=np.zeros((n_ratees, 5)),
                                 where=others_weight > 0)
        both = present[:, _KIND["self"], :] & (others_weight > 0)
        gap = np.abs(kind_mean[:, _KIND["self"], :] - others_score)
        agreement = {}
        for cap in CAPACITIES:
            mask = both[:, _CAP[cap]]
            count = int(mask.sum())
            agreement[cap] = {"mean_abs_diff": round(float(gap[mask, _CAP[cap]].mean()), 2) if count else None,
                              "cadres": count}
        return Outcome(scores=scores, kinds_counted=kinds_counted, alpha=self._alpha(n_forms),
                       agreement=agreement, forms=int(answered.any(axis=1).sum()), answers=self.answers,
                       unscored=unscored)

    def _alpha(self, n_forms: int) -> dict[str, float | None]:
        totals = self.totals.reshape(n_forms, 5)
        result = {}
        for cap in CAPACITIES:
            c = _CAP[cap]
            k = int(self.items_per_cap[c])
            in_cap = self.item_cap == c
            rows = totals[self.weights.reshape(n_forms, 5)[:, c] > 0, c]
            n = len(rows)
            if k < 2 or n < 2 or (self.item_n[in_cap] < 2).any():
                result[cap] = None
                continue
            item_var = (self.item_sq[in_cap] - self.item_sum[in_cap] ** 2 / self.item_n[in_cap]) / (
                self.item_n[in_cap] - 1)
            total_var = float(rows.var(ddof=1))
            result[cap] = None if total_var <= 1e-12 else round(k / (k - 1) * (1 - float(item_var.sum()) / total_var),
                                                                4)
        return result


def score(*, items: Sequence[Item], forms: Sequence[Form], answers: Iterable[tuple[int, int, int]],
          kind_weights: Mapping[str, float], min_peers: int) -> Outcome:
    """The whole rule on plain (form id, item id, answer) triples: for tests and small campaigns."""
    tally = Tally(items=items, forms=forms)
    rows = list(answers)
    if rows:
        form_ids, item_ids, values = zip(*rows, strict=True)
        tally.add(form_ids, item_ids, values)
    return tally.finish(kind_weights=kind_weights, min_peers=min_peers)


def cronbach_alpha(matrix) -> float:
    """Alpha of a rows x items matrix (sample variances), for checking the streamed computation."""
    data = np.asarray(matrix, dtype=float)
    k = data.shape[1]
    return k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / data.sum(axis=1).var(ddof=1))
