"""The scoring's inner loop, compiled (numba): for a batch of requests, who qualifies (bit sets of who holds each
required skill, intersected), who of them is excluded and why, the others' terms and each request's best
candidates. sharing.scoring prepares the tables and reads the results; its docstring says what is scored.

As numpy array operations, each of some forty steps went over all nine million pairs of a national allocation
and back through memory; here a request's pairs are gone through in a few short loops over small arrays that
stay in the processor's cache. The arithmetic is numpy's own, operation for operation and in the same order (no
fast-math), so the terms are the same to the last bit; `error_model="numpy"` only drops the checks for a
division by zero (every divisor here is at least 1, or a constant).

Compiled on first use and kept beside this file (numba's cache=True); bin/setup compiles it (`warm`). `nogil`:
sharing.scoring scores two batches at once in threads.
"""

from datetime import date

import numba
import numpy as np

from sharing import rules, scoring
from sharing.scoring import LEVELS, REASONS, RECENT_SECONDMENTS, SURPLUS_LEVELS, Reason

BUSY, DECLINED, REFUSED, SOLE, CAP, TOO_LONG, SHORT = (REASONS.index(r) for r in (
    Reason.BUSY, Reason.DECLINED, Reason.REFUSED, Reason.SOLE_CRITICAL_HOLDER, Reason.LENDING_CAP_REACHED,
    Reason.TOO_LONG, Reason.SHORT_NOTICE))

# A kept row: request, pool position, department position, total, then the six terms; an excluded row: request,
# pool position, department position, reason, skill id (-1: none).
KEPT_WIDTH, EXCLUDED_WIDTH = 10, 5

# A word's lowest set bit found by multiplying by a de Bruijn sequence: its top six bits are then different for
# each of the 64 single bits, and this table gives the bit's place from them (Leiserson, Prokop and Randall, 1998).
_DE_BRUIJN = np.uint64(0x03F79D71B4CB0A89)
_LOWEST_BIT = np.zeros(64, dtype=np.int64)
for _bit in range(64):
    _LOWEST_BIT[((1 << _bit) * int(_DE_BRUIJN)) % 2**64 >> 58] = _bit


@numba.njit(inline="always")
def _member(sorted_values: np.ndarray, start: int, end: int, value: int) -> bool:
    if start == end:  # most requests name no one
        return False
    at = start + np.searchsorted(sorted_values[start:end], value)
    return at < end and sorted_values[at] == value


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _grow(table: np.ndarray, needed: int) -> np.ndarray:
    if needed <= len(table):
        return table
    bigger = np.empty((max(needed, 2 * len(table)), table.shape[1]), dtype=table.dtype)
    bigger[:len(table)] = table
    return bigger


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _holding(bits: np.ndarray, keys: np.ndarray, words: np.ndarray, found: np.ndarray) -> int:
    """The positions set in every bit set of `keys` (rows of `bits`), in increasing order, into `found`; how
    many. The bit sets are intersected into `words` first, then its set bits listed, lowest first."""
    words[:] = bits[keys[0]]
    for k in range(1, len(keys)):
        row = bits[keys[k]]
        for w in range(len(words)):
            words[w] &= row[w]
    n_found = 0
    for w in range(len(words)):
        word = words[w]
        while word:
            found[n_found] = w * 64 + _LOWEST_BIT[((word & (~word + np.uint64(1))) * _DE_BRUIJN) >> np.uint64(58)]
            n_found += 1
            word &= word - np.uint64(1)
    return n_found


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _worse(totals: np.ndarray, a: int, b: int) -> bool:
    return totals[a] < totals[b] or (totals[a] == totals[b] and a > b)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _best(totals: np.ndarray, best: int) -> np.ndarray:
    """The rows in the candidates' order: best total first, ties by row (the rows are in pool order, the pool in
    cadre id order); with `best` >= 0, the first `best` only, kept in a heap whose root is the worst of them
    while the rows go by (a sort of every row took a sixth of the scoring)."""
    if best < 0:
        return np.argsort(-totals, kind="mergesort")
    heap, size = np.empty(min(best, len(totals)), dtype=np.int64), 0
    for row in range(len(totals)):
        if size < len(heap):  # not full yet: the row goes in, and up while it is worse than its parent
            at = size
            size += 1
            while at and _worse(totals, row, heap[(at - 1) // 2]):
                heap[at] = heap[(at - 1) // 2]
                at = (at - 1) // 2
            heap[at] = row
        elif size and totals[row] > totals[heap[0]]:  # better than the worst kept: it takes the root's place
            at = 0
            while 2 * at + 1 < size:
                child = 2 * at + 1
                if child + 1 < size and _worse(totals, heap[child + 1], heap[child]):
                    child += 1
                if not _worse(totals, heap[child], row):
                    break
                heap[at] = heap[child]
                at = child
            heap[at] = row
    kept = np.sort(heap[:size])
    return kept[np.argsort(-totals[kept], kind="mergesort")]


@numba.njit(cache=True, nogil=True, error_model="numpy")
def score_batch(bits, key_ptr, keys, home_ptr, homes, department_pos, codes, confidences, holders,
                busy_pos, busy_start, busy_end, window, declined_ptr, declined, refused_ptr, refused,
                interested_ptr, interested, skill, minimum, weight, critical, skill_ids, lent, cap, out,
                months_column, latest, notice_days, lead, recent, affinity_ptr, affinity_at, affinity_value,
                host_row, points, best):
    """Score the requests of one batch (the tables are sharing.scoring.Pool's, the sets per request as
    pointer and value arrays, sorted). Returns the kept rows (KEPT_WIDTH columns; each request's best `best`,
    every candidate when `best` < 0, best first, ties by pool position), their affinity, and the excluded rows
    (EXCLUDED_WIDTH columns), both grouped by request in order and by position within a request.

    A request's pairs are gone through in steps, each a short loop over them: a short loop's reads of the
    cadres' rows, scattered over the pool, are many in flight at once; one long loop waited for each in turn."""
    n_cadres, n_confidences, width = len(department_pos), len(confidences), skill.shape[1]
    words, found, found_dept = (np.empty(bits.shape[1], dtype=np.uint64), np.empty(n_cadres, dtype=np.int64),
                                np.empty(n_cadres, dtype=np.int64))
    found_codes, found_recent = np.empty((width, n_cadres), dtype=np.int64), np.empty(n_cadres, dtype=np.int64)
    fit_of, surplus_of = np.empty((width, LEVELS * n_confidences)), np.empty((width, LEVELS * n_confidences))
    rows = np.empty((n_cadres, KEPT_WIDTH), dtype=np.int64)  # this request's candidates
    shares, fit, surplus, scarcity = np.empty(n_cadres), np.empty(n_cadres), np.empty(n_cadres), np.empty(n_cadres)
    kept = np.empty((1024, KEPT_WIDTH), dtype=np.int64)
    kept_affinity = np.empty((1024, 1))  # a column, so that _grow serves it too
    excluded = np.empty((1024, EXCLUDED_WIDTH), dtype=np.int64)
    n_kept = n_excluded = 0
    share = np.empty(6)
    host_affinity = np.zeros(len(lent))  # the request's host's affinity with each department
    for i in range(len(key_ptr) - 1):
        if key_ptr[i] == key_ptr[i + 1]:
            continue
        n_found = _holding(bits, keys[key_ptr[i]:key_ptr[i + 1]], words, found)
        for f in range(n_found):  # what is read of each cadre, in one loop: its reads are all in flight at once
            p = found[f]
            found_dept[f], found_recent[f] = department_pos[p], recent[p]
            for k in range(width):  # a cadre's codes are side by side: one read for every requirement
                found_codes[k, f] = codes[p, skill[i, k]]
        # Those of another department, and of them the excluded (with the first reason that applies); the
        # others are moved to the front.
        n_rows = 0
        for f in range(n_found):
            p, d = found[f], found_dept[f]
            home = False
            for h in range(home_ptr[i], home_ptr[i + 1]):
                home |= homes[h] == d
            if home:
                continue
            reason, reason_skill = -1, -1
            at = np.searchsorted(busy_pos, p) if len(busy_pos) else 0
            while at < len(busy_pos) and busy_pos[at] == p:
                if busy_start[at] <= window[i, 1] and busy_end[at] >= window[i, 0]:
                    reason = BUSY
                    break
                at += 1
            if reason < 0 and _member(declined, declined_ptr[i], declined_ptr[i + 1], p):
                reason = DECLINED
            if reason < 0 and _member(refused, refused_ptr[i], refused_ptr[i + 1], p):
                reason = REFUSED
            if reason < 0:
                for k in range(width):
                    if critical[i, k] and holders[skill[i, k], minimum[i, k], d] == 1:
                        reason, reason_skill = SOLE, skill_ids[skill[i, k]]
                        break
            if reason < 0 and lent[d] >= cap[d] and not out[p]:
                reason = CAP
            if reason < 0 and months_column[d] >= 0 and window[i, 1] > latest[i, months_column[d]]:
                reason = TOO_LONG
            if reason < 0 and lead[i] < notice_days[d]:
                reason = SHORT
            if reason >= 0:
                excluded = _grow(excluded, n_excluded + 1)
                excluded[n_excluded, 0], excluded[n_excluded, 1], excluded[n_excluded, 2] = i, p, d
                excluded[n_excluded, 3], excluded[n_excluded, 4] = reason, reason_skill
                n_excluded += 1
            else:
                found[n_rows], found_dept[n_rows], found_recent[n_rows] = p, d, found_recent[f]
                for k in range(width):
                    found_codes[k, n_rows] = found_codes[k, f]
                n_rows += 1
        # What each code (a level and a confidence, sharing.scoring.Pool) gives each requirement.
        for k in range(width):
            for code in range(LEVELS * n_confidences):
                level, confidence = divmod(code, n_confidences)
                fit_of[k, code] = weight[i, k] * (confidences[confidence] / 100)
                surplus_of[k, code] = weight[i, k] * (min(level - minimum[i, k], SURPLUS_LEVELS) / SURPLUS_LEVELS)
        ties = range(affinity_ptr[host_row[i]], affinity_ptr[host_row[i] + 1])
        for t in ties:
            host_affinity[affinity_at[t]] = affinity_value[t]
        # The per-skill terms a requirement at a time: each loop a few array reads, which the compiler can make
        # vector instructions of (in the order numpy added them: the same sums to the last bit).
        fit[:n_rows], surplus[:n_rows], scarcity[:n_rows] = 0.0, 0.0, 0.0
        for k in range(width):
            fit_k, surplus_k, codes_k = fit_of[k], surplus_of[k], found_codes[k]
            held, part = holders[skill[i, k], minimum[i, k]], weight[i, k]
            for r in range(n_rows):
                fit[r] += fit_k[codes_k[r]]
                surplus[r] += surplus_k[codes_k[r]]
                scarcity[r] += part / max(held[found_dept[r]], 1)
        for r in range(n_rows):
            p, d = found[r], found_dept[r]
            share[0], share[1], share[2] = fit[r], surplus[r], host_affinity[d]
            share[3] = ((1 - min(found_recent[r], RECENT_SECONDMENTS) / RECENT_SECONDMENTS)
                        + (1 - lent[d] / max(cap[d], 1))) / 2
            share[4] = 1 - scarcity[r]
            share[5] = 1.0 if _member(interested, interested_ptr[i], interested_ptr[i + 1], p) else 0.0
            rows[r, 0], rows[r, 1], rows[r, 2] = i, p, d
            total = 0
            for j in range(6):
                term = np.int64(np.rint(share[j] * points[j] * 100))
                rows[r, 4 + j] = term
                total += term
            rows[r, 3] = total
            shares[r] = share[2]
        for t in ties:
            host_affinity[affinity_at[t]] = 0
        chosen = _best(rows[:n_rows, 3], best)
        kept = _grow(kept, n_kept + len(chosen))
        kept_affinity = _grow(kept_affinity, n_kept + len(chosen))
        for c in chosen:
            kept[n_kept] = rows[c]
            kept_affinity[n_kept, 0] = shares[c]
            n_kept += 1
    return kept[:n_kept], kept_affinity[:n_kept, 0], excluded[:n_excluded]


def warm() -> None:
    """Compile the kernel now (or load it from numba's cache), by scoring a pool of one with and without a cut:
    bin/setup calls it, so that the first scoring after an install does not wait ten seconds for the compiler."""
    pool = scoring.Pool(cadres=[1], departments=[1], skills=[(1, 1, 3, 100)], busy=[(1, date(2026, 1, 1),
                        date(2026, 1, 2))], recent={}, lending=rules.Units({}, {}, {1: 1}, {}),
                        affinity=lambda hosts, departments: np.zeros((len(hosts), len(departments))),
                        today=date(2026, 1, 1))
    request = scoring.Request(id=1, department=2, start=date(2026, 2, 1), end=date(2026, 2, 2), places=1,
                              requirements=(scoring.Requirement(1, 2, 1),), excluded_departments=frozenset({2}))
    assert len(pool.score([request])) == len(pool.score([request], best=1)) == 1
