"""The workforce-plan gap rules, on small hand-made cases and on random ones (hypothesis)."""

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from talent.planning import (
    TRAIN_REACH,
    Course,
    Line,
    LineGap,
    Person,
    Pool,
    Trainee,
    _line_order,
    courses_for,
    gap_report,
    has_credentials,
    margin,
    qualifies,
    shortfall,
    skill_shortage,
    totals,
)


def person(pid, skills, department=1, **kw):
    return Person(id=pid, name=f"P{pid}", department_id=department, skills=skills, **kw)


def line(lid, requirements, headcount=1, **kw):
    return Line(id=lid, post=f"岗位{lid}", headcount=headcount, requirements=requirements, **kw)


def test_a_cadre_qualifies_only_holding_every_skill_at_its_minimum():
    post = line(1, {"PY": 3, "SQL": 2})
    assert qualifies(person(1, {"PY": 3, "SQL": 2}), post)
    assert qualifies(person(2, {"PY": 5, "SQL": 4, "GIS": 1}), post)
    assert not qualifies(person(3, {"PY": 3}), post)
    assert not qualifies(person(4, {"PY": 2, "SQL": 5}), post)


def test_degree_and_title_count_only_where_the_line_asks_for_them():
    cadre = person(1, {"PY": 4}, education="associate", professional_title="none")
    assert qualifies(cadre, line(1, {"PY": 3}))
    assert not qualifies(cadre, line(2, {"PY": 3}, min_education="bachelor"))
    assert not qualifies(cadre, line(3, {"PY": 3}, min_professional_title="intermediate"))
    doctor = person(2, {"PY": 4}, education="doctorate", professional_title="senior")
    assert qualifies(doctor, line(4, {"PY": 3}, min_education="master", min_professional_title="intermediate"))


def test_high_priority_lines_are_filled_first_whatever_their_order_in_the_plan():
    low = line(1, {"PY": 3}, priority="low")
    high = line(2, {"PY": 3}, priority="high")
    [first, second] = gap_report(lines=[low, high], staff=[person(1, {"PY": 3})])
    assert (first.line, first.gap) == (low, 1)
    assert [p.id for p in second.filled_by] == [1]


def test_a_versatile_cadre_is_kept_for_the_post_only_they_can_fill():
    # Both qualify for the general post; only the first also for the database post. Taking the lower id
    # for the general post would leave the database post empty.
    general, database = line(1, {"PY": 3}), line(2, {"PY": 3, "SQL": 3})
    versatile, specialist = person(1, {"PY": 3, "SQL": 3}), person(2, {"PY": 3})
    reports = gap_report(lines=[general, database], staff=[versatile, specialist])
    assert [[p.id for p in r.filled_by] for r in reports] == [[2], [1]]
    assert totals(reports)["gap"] == 0


def test_each_cadre_fills_one_post_at_most():
    reports = gap_report(lines=[line(1, {"PY": 1}), line(2, {"PY": 1})], staff=[person(1, {"PY": 5})])
    assert sum(len(r.filled_by) for r in reports) == 1


def test_a_gap_is_closed_by_training_own_cadres_close_enough_with_a_program_for_each_missing_skill():
    post = line(1, {"PY": 4, "SQL": 3}, headcount=3)
    python = Course(10, "Python 进阶", {"PY": 4})
    sql = Course(11, "SQL 基础", {"SQL": None})  # builds SQL without promising a level
    staff = [
        person(1, {"PY": 4, "SQL": 3}),  # fills the post
        person(2, {"PY": 2, "SQL": 3}),  # two levels short in PY: trainable
        person(3, {"PY": 4}),  # lacks SQL entirely: three levels short, too far
        person(4, {"PY": 3, "SQL": 2}),  # one short in each: two programs
    ]
    [report] = gap_report(lines=[post], staff=staff, courses=[python, sql])
    assert [p.id for p in report.filled_by] == [1]
    assert [(t.person.id, dict(t.shortfall), [c.id for c in t.courses]) for t in report.train] == [
        (2, {"PY": 2}, [10]),
        (4, {"PY": 1, "SQL": 1}, [10, 11]),
    ]
    assert (report.recruit, report.recommendation) == (0, "train")


def test_a_program_that_raises_a_skill_below_the_minimum_does_not_count():
    post = line(1, {"PY": 4})
    [report] = gap_report(lines=[post], staff=[person(1, {"PY": 3})], courses=[Course(1, "入门", {"PY": 3})])
    assert report.train == []
    assert (report.recruit, report.recommendation) == (1, "recruit")


def test_cadres_of_other_departments_who_qualify_are_proposed_for_borrowing_strongest_first():
    post = line(1, {"GIS": 3}, headcount=2)
    outsiders = [person(7, {"GIS": 3}, department=2), person(8, {"GIS": 5}, department=3),
                 person(9, {"GIS": 2}, department=2)]
    [report] = gap_report(lines=[post], staff=[], outsiders=outsiders)
    assert [p.id for p in report.borrow] == [8, 7]
    assert (report.recruit, report.recommendation) == (0, "borrow")


def test_training_comes_before_borrowing_and_the_rest_is_recruited():
    post = line(1, {"PY": 3}, headcount=4)
    [report] = gap_report(lines=[post], staff=[person(1, {"PY": 2})], courses=[Course(1, "Python", {"PY": 3})],
                          outsiders=[person(5, {"PY": 3}, department=2)])
    assert ([t.person.id for t in report.train], [p.id for p in report.borrow], report.recruit) == ([1], [5], 2)
    assert report.recommendation == "recruit"  # it covers most of the gap


def test_a_tie_between_actions_goes_to_training_then_borrowing():
    post = line(1, {"PY": 3}, headcount=2)
    [report] = gap_report(lines=[post], staff=[person(1, {"PY": 2})], courses=[Course(1, "Python", {"PY": 3})],
                          outsiders=[person(5, {"PY": 3}, department=2)])
    assert (len(report.train), len(report.borrow), report.recommendation) == (1, 1, "train")
    [filled] = gap_report(lines=[line(2, {"PY": 1})], staff=[person(1, {"PY": 1})])
    assert filled.recommendation == "none"


def test_nobody_is_proposed_for_two_posts():
    lines = [line(1, {"PY": 3}, priority="low"), line(2, {"PY": 3}, priority="high")]
    course = Course(1, "Python", {"PY": 3})
    reports = gap_report(lines=lines, staff=[person(1, {"PY": 2})], courses=[course],
                         outsiders=[person(5, {"PY": 3}, department=2)])
    assert [([t.person.id for t in r.train], [p.id for p in r.borrow]) for r in reports] == [([], [5]), ([1], [])]


def test_courses_for_picks_the_fewest_programs_covering_every_missing_skill():
    post = line(1, {"A": 3, "B": 3, "C": 3})
    courses = [Course(1, "A", {"A": 3}), Course(2, "BC", {"B": 3, "C": 3}), Course(3, "ABC-low", {"A": 2, "B": 3})]
    assert [c.id for c in courses_for({"A": 1, "B": 1, "C": 1}, post, courses)] == [1, 2]
    assert courses_for({"D": 1}, line(2, {"D": 2}), courses) is None


def test_totals_and_skill_shortage_add_up_over_lines():
    reports = gap_report(lines=[line(1, {"PY": 3, "SQL": 2}, headcount=2), line(2, {"SQL": 3}, headcount=3)],
                         staff=[person(1, {"SQL": 3})])
    assert totals(reports) == {"needed": 5, "filled": 1, "gap": 4, "train": 0, "borrow": 0, "recruit": 4}
    assert skill_shortage(reports) == {"SQL": 4, "PY": 2}


skills = st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), st.integers(1, 5), max_size=4)
people = st.lists(st.tuples(skills, st.integers(1, 3)), max_size=12)
lines_strategy = st.lists(st.tuples(st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), st.integers(1, 5),
                                                    min_size=1, max_size=3),
                                    st.integers(1, 4), st.sampled_from(["high", "medium", "low"])),
                          min_size=1, max_size=5)
course_strategy = st.lists(st.dictionaries(st.sampled_from(["A", "B", "C", "D"]),
                                           st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=3),
                           max_size=4)


@settings(max_examples=200, deadline=None)
@given(people, lines_strategy, course_strategy)
def test_every_gap_is_fully_accounted_for_and_nobody_is_counted_twice(people_spec, lines_spec, courses_spec):
    everyone = [person(i, held, department=dept) for i, (held, dept) in enumerate(people_spec)]
    staff = [p for p in everyone if p.department_id == 1]
    outsiders = [p for p in everyone if p.department_id != 1]
    lines = [line(i, req, headcount=n, priority=prio) for i, (req, n, prio) in enumerate(lines_spec)]
    courses = [Course(i, f"C{i}", builds) for i, builds in enumerate(courses_spec)]
    reports = gap_report(lines=lines, staff=staff, courses=courses, outsiders=outsiders)

    named = []
    for report in reports:
        assert 0 <= report.gap == report.line.headcount - len(report.filled_by)
        assert len(report.train) + len(report.borrow) + report.recruit == report.gap
        assert report.recruit >= 0
        assert all(qualifies(p, report.line) for p in report.filled_by + report.borrow)
        assert all(not qualifies(t.person, report.line) and t.courses for t in report.train)
        assert all(p.department_id != 1 for p in report.borrow)
        named += [p.id for p in report.filled_by] + [t.person.id for t in report.train] + [p.id for p in report.borrow]
    assert len(named) == len(set(named))


@settings(max_examples=200, deadline=None)
@given(people, lines_strategy)
def test_the_pools_shortlist_proposes_the_same_people_as_the_whole_pool(people_spec, lines_spec):
    everyone = [person(i, held, department=dept) for i, (held, dept) in enumerate(people_spec)]
    lines = [line(i, req, headcount=n, priority=prio) for i, (req, n, prio) in enumerate(lines_spec)]
    shortlist = Pool(everyone).best(lines, outside=frozenset({1}))
    outsiders = [p for p in everyone if p.department_id != 1]

    from_all = gap_report(lines=lines, staff=[], outsiders=outsiders)
    from_shortlist = gap_report(lines=lines, staff=[], outsiders=shortlist)

    assert [[p.id for p in r.borrow] for r in from_shortlist] == [[p.id for p in r.borrow] for r in from_all]
    assert len(shortlist) <= sum(ln.headcount for ln in lines) * len(lines)


def gap_report_one_by_one(*, lines: Sequence[Line], staff: Sequence[Person], courses: Sequence[Course] = (),
                           outsiders: Sequence[Person] = ()) -> list[LineGap]:
    """The rules as first written, a cadre and a line at a time: gap_report must give the same."""
    reports = {line.id: LineGap(line) for line in lines}
    ordered = _line_order(lines)
    free = sorted(staff, key=lambda p: p.id)
    shortfalls: dict[tuple[int, int], dict[str, int]] = {}  # both passes ask it of every (cadre, line)

    def missing(person: Person, line: Line) -> dict[str, int]:
        key = (person.id, line.id)
        if key not in shortfalls:
            shortfalls[key] = shortfall(person, line)
        return shortfalls[key]

    def fits(person: Person, line: Line) -> bool:
        return not missing(person, line) and has_credentials(person, line)

    for index, line in enumerate(ordered):
        still_open = ordered[index + 1:]
        fitting = [p for p in free if fits(p, line)]
        fitting.sort(key=lambda p: (sum(fits(p, other) for other in still_open), -margin(p, line), p.id))
        reports[line.id].filled_by = fitting[: line.headcount]
        taken = {p.id for p in reports[line.id].filled_by}
        free = [p for p in free if p.id not in taken]

    proposed: set[int] = set()
    for line in ordered:
        report = reports[line.id]
        trainable = []
        programs_for: dict[frozenset[str], tuple[Course, ...] | None] = {}  # depends on the skills missing only
        for person in free:
            short = missing(person, line)
            if person.id in proposed or max(short.values(), default=0) > TRAIN_REACH or \
                    not has_credentials(person, line):
                continue
            key = frozenset(short)
            if key not in programs_for:
                programs_for[key] = courses_for(short, line, courses)
            if programs_for[key]:
                trainable.append(Trainee(person, short, programs_for[key]))
        trainable.sort(key=lambda t: (sum(t.shortfall.values()), t.person.id))
        report.train = trainable[: report.gap]
        borrowable = sorted((p for p in outsiders if p.id not in proposed and qualifies(p, line)),
                            key=lambda p: (-margin(p, line), p.id))
        report.borrow = borrowable[: report.gap - len(report.train)]
        report.recruit = report.gap - len(report.train) - len(report.borrow)
        proposed.update([t.person.id for t in report.train] + [p.id for p in report.borrow])
    return [reports[line.id] for line in lines]


educations = st.sampled_from(["", "secondary", "bachelor", "master"])
titles = st.sampled_from(["", "none", "junior", "senior"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(skills, st.integers(1, 3), educations, titles), max_size=14),
       st.lists(st.tuples(st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), st.integers(1, 5), max_size=3),
                          st.integers(1, 4), st.sampled_from(["high", "medium", "low"]), educations, titles),
                min_size=1, max_size=5),
       course_strategy)
def test_the_report_proposes_exactly_whom_the_rules_applied_one_cadre_at_a_time_would(people_spec, lines_spec,
                                                                                       courses_spec):
    everyone = [person(i, held, department=dept, education=edu, professional_title=title)
                for i, (held, dept, edu, title) in enumerate(people_spec)]
    lines = [line(i, req, headcount=n, priority=prio, min_education=edu, min_professional_title=title)
             for i, (req, n, prio, edu, title) in enumerate(lines_spec)]
    courses = [Course(i, f"C{i}", builds) for i, builds in enumerate(courses_spec)]
    arguments = {"lines": lines, "staff": [p for p in everyone if p.department_id == 1], "courses": courses,
                 "outsiders": [p for p in everyone if p.department_id != 1]}

    def shown(reports):
        return [(r.line.id, [p.id for p in r.filled_by], [(t.person.id, dict(t.shortfall), t.courses) for t in r.train],
                 [p.id for p in r.borrow], r.recruit, r.recommendation) for r in reports]

    assert shown(gap_report(**arguments)) == shown(gap_report_one_by_one(**arguments))
