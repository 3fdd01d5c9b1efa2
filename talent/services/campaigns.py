"""Assessment campaigns: HR defines the instrument and the raters, opens the campaign, raters answer their
forms, HR closes it and a job computes each cadre's five scores (talent.campaigns holds the rule) into
literacy assessments. A wrong state is a 409."""

import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.errors import Conflict, DomainError
from talent import campaigns
from talent.literacy import CAPACITIES
from talent.models import (
    AssessmentCampaign,
    AssessmentMethod,
    Cadre,
    CadreStatus,
    CampaignAnswer,
    CampaignItem,
    CampaignRater,
    CampaignStatus,
    Department,
    LiteracyAssessment,
    RaterKind,
)
from talent.services.pool import assessments_lock, assessments_mark_latest

CHUNK = 200_000  # answers read per round trip when a campaign closes
PEERS_SUGGESTED = 4  # peers suggested per cadre (beyond the minimum, so one absent still leaves enough)

# Other apps add where peers come from (sharing: fellow members of a learning group), as
# function(cadre ids) -> {cadre id: [peer cadre ids]}; talent itself knows departments only.
PEER_SOURCES: list[Callable[[list[int]], dict[int, list[int]]]] = []


def _fields_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _check_weights(data: dict) -> None:
    weights = [Decimal(str(data.get(name, 0))) for name in ("self_weight", "supervisor_weight", "peer_weight")]
    if sum(weights, Decimal(0)) != 1:
        raise _fields_error("peer_weight", _("The weights of self, supervisor and peers must add up to 1."))


def _write_items(campaign: AssessmentCampaign, items: list[dict]) -> None:
    campaign.items.all().delete()
    CampaignItem.objects.bulk_create(
        [CampaignItem(campaign=campaign, position=data.get("position", index), **{
            k: v for k, v in data.items() if k != "position"}) for index, data in enumerate(items)])


@transaction.atomic
def campaign_create(*, by, items: list[dict], **data) -> AssessmentCampaign:
    _check_weights(data)
    if AssessmentCampaign.objects.filter(period=data["period"], tier=data["tier"]).exists():
        raise _fields_error("period", _("This tier already has a campaign in this period."))
    campaign = AssessmentCampaign(created_by=by, **data)
    campaign.full_clean()
    campaign.save()
    _write_items(campaign, items)
    return campaign


def _locked(campaign: AssessmentCampaign) -> AssessmentCampaign:
    return AssessmentCampaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def campaign_update(*, campaign: AssessmentCampaign, items: list[dict] | None = None, **data) -> AssessmentCampaign:
    """Only a draft changes: once raters answer, the instrument they answered is the one scored."""
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise Conflict(_("Only a draft campaign can be changed."), code="not_draft")
    for name, value in data.items():
        setattr(campaign, name, value)
    _check_weights({name: getattr(campaign, name) for name in ("self_weight", "supervisor_weight", "peer_weight")})
    if AssessmentCampaign.objects.filter(period=campaign.period, tier=campaign.tier).exclude(pk=campaign.pk).exists():
        raise _fields_error("period", _("This tier already has a campaign in this period."))
    campaign.full_clean()
    campaign.save()
    if items is not None:
        _write_items(campaign, items)
    return campaign


@transaction.atomic
def campaign_delete(*, campaign: AssessmentCampaign) -> None:
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise Conflict(_("Only a draft campaign can be deleted."), code="not_draft")
    campaign.delete()


def _open_for_raters(campaign: AssessmentCampaign) -> None:
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.OPEN):
        raise Conflict(_("Raters can only be added while the campaign is a draft or open."), code="campaign_closed")


def supervisor_of(cadre: Cadre, heads: dict[int, list[int]], parents: dict[int, int | None]) -> int | None:
    """The user who heads the cadre's department (not the cadre themselves), else the nearest one above."""
    department = cadre.department_id
    while department is not None:
        for user_id in heads.get(department, ()):
            if user_id != cadre.user_id:
                return user_id
        department = parents.get(department)
    return None


@transaction.atomic
def raters_suggest(*, campaign: AssessmentCampaign) -> int:
    """For every active cadre of the campaign's tier: themselves (if they have a login), their supervisor and
    up to PEERS_SUGGESTED peers with logins, fellow members of their learning groups first, then colleagues of
    their department (lowest ids first, so the suggestion is the same each time). Forms already there are
    kept. Returns how many forms were added."""
    campaign = _locked(campaign)
    _open_for_raters(campaign)
    ratees = list(Cadre.objects.filter(tier=campaign.tier, status=CadreStatus.ACTIVE).order_by("pk"))
    ids = [cadre.pk for cadre in ratees]
    heads: dict[int, list[int]] = {}
    for department_id, user_id in Department.heads.through.objects.order_by("user_id").values_list(
            "department_id", "user_id"):
        heads.setdefault(department_id, []).append(user_id)
    parents = dict(Department.objects.values_list("id", "parent_id"))
    with_login = dict(Cadre.objects.filter(status=CadreStatus.ACTIVE, user__isnull=False, user__is_active=True)
                      .values_list("pk", "user_id"))
    colleagues: dict[int, list[int]] = {}
    for pk, department_id in Cadre.objects.filter(pk__in=with_login).order_by("pk").values_list(
            "pk", "department_id"):
        colleagues.setdefault(department_id, []).append(pk)
    from_groups: dict[int, list[int]] = {}
    for source in PEER_SOURCES:
        for cadre_id, peers in source(ids).items():
            from_groups.setdefault(cadre_id, []).extend(peers)
    existing = set(campaign.raters.values_list("ratee_id", "rater_id"))
    new = []

    def add(ratee: Cadre, user_id: int | None, kind: str) -> None:
        if user_id is not None and (ratee.pk, user_id) not in existing:
            existing.add((ratee.pk, user_id))
            new.append(CampaignRater(campaign=campaign, ratee=ratee, rater_id=user_id, kind=kind))

    for cadre in ratees:
        add(cadre, cadre.user_id, RaterKind.SELF)
        supervisor = supervisor_of(cadre, heads, parents)
        add(cadre, supervisor, RaterKind.SUPERVISOR)
        chosen = 0
        for peer in itertools.chain(sorted(set(from_groups.get(cadre.pk, []))),
                                    colleagues.get(cadre.department_id, [])):
            user_id = with_login.get(peer)
            if chosen >= PEERS_SUGGESTED or peer == cadre.pk or user_id in (None, supervisor):
                continue
            if (cadre.pk, user_id) not in existing:
                add(cadre, user_id, RaterKind.PEER)
                chosen += 1
    CampaignRater.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def rater_add(*, campaign: AssessmentCampaign, ratee: Cadre, rater, kind: str) -> CampaignRater:
    """HR names a rater by hand (a peer from another department, say)."""
    campaign = _locked(campaign)
    _open_for_raters(campaign)
    if ratee.tier != campaign.tier:
        raise _fields_error("ratee", _("This cadre is not of the campaign's tier."))
    if kind == RaterKind.SELF and ratee.user_id != rater.pk:
        raise _fields_error("rater", _("A self-assessment is answered by the cadre's own login."))
    if kind != RaterKind.SELF and ratee.user_id == rater.pk:
        raise _fields_error("kind", _("A cadre rating themselves is a self-assessment."))
    form, created = CampaignRater.objects.get_or_create(campaign=campaign, ratee=ratee, rater=rater,
                                                        defaults={"kind": kind})
    if not created:
        raise Conflict(_("This rater already rates this cadre in the campaign."), code="rater_exists")
    return form


@transaction.atomic
def campaign_open(*, campaign: AssessmentCampaign) -> AssessmentCampaign:
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise Conflict(_("Only a draft campaign can be opened."), code="not_draft")
    covered = set(campaign.items.values_list("capacity", flat=True))
    missing = [capacity for capacity in CAPACITIES if capacity not in covered]
    if missing:
        raise _fields_error("items", _("Every capacity needs at least one item before the campaign opens."))
    if not campaign.raters.exists():
        raise _fields_error("raters", _("Name the raters (or have them suggested) before the campaign opens."))
    campaign.status, campaign.opened_at = CampaignStatus.OPEN, timezone.now()
    campaign.save(update_fields=["status", "opened_at"])
    return campaign


@transaction.atomic
def form_submit(*, form: CampaignRater, user, answers: dict[int, int]) -> CampaignRater:
    """The rater answers every item of their form, once. Answers are never shown back, to anyone: a peer's
    reach the results only inside their kind's mean, and only when enough peers answered."""
    form = CampaignRater.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=form.pk)
    if form.rater_id != user.pk:
        raise Conflict(_("This form is not yours."), code="not_your_form")
    if form.campaign.status != CampaignStatus.OPEN:
        raise Conflict(_("The campaign is not open for answers."), code="campaign_not_open")
    if form.submitted_at is not None:
        raise Conflict(_("This form has been submitted already."), code="submitted")
    items = {item.pk: item for item in form.campaign.items.all()}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise _fields_error("answers", _("Item %(id)s is not part of this campaign.") % {"id": unknown[0]})
    errors = {}
    for pk, item in items.items():
        value = answers.get(pk)
        if value is None:
            errors[f"item_{pk}"] = [_("Answer this item.")]
        elif not item.lowest <= value <= item.highest:
            errors[f"item_{pk}"] = [_("Answer from %(low)s to %(high)s.") % {"low": item.lowest, "high": item.highest}]
    if errors:
        raise DomainError(_("Answer every item within its scale."), fields={"answers": [
            _("Answer every item within its scale.")], **errors})
    CampaignAnswer.objects.bulk_create([CampaignAnswer(form=form, item_id=pk, value=value)
                                        for pk, value in answers.items()])
    form.submitted_at = timezone.now()
    form.save(update_fields=["submitted_at"])
    return form


def campaign_close(*, campaign: AssessmentCampaign, user, in_background: bool = True):
    """Stop answers and queue the computation (a job); 409 unless the campaign is open, or closing with its
    computation failed (then it is queued again). Without `in_background` (the demo loader) nothing is queued:
    the caller runs campaign_compute itself."""
    with transaction.atomic():
        locked = _locked(campaign)
        retry = locked.status == CampaignStatus.CLOSING and not jobs.active(f"campaign:{locked.pk}")
        if locked.status != CampaignStatus.OPEN and not retry:
            raise Conflict(_("Only an open campaign can be closed."), code="not_open")
        locked.status = CampaignStatus.CLOSING
        locked.save(update_fields=["status"])
    if not in_background:
        return None
    return jobs.start(kind="campaign-close", title=_("Compute the scores of %(name)s") % {"name": locked.name},
                      user=user, params={"campaign": locked.pk}, subject=f"campaign:{locked.pk}")


ANSWERS_SQL = (f"SELECT a.form_id, a.item_id, a.value FROM {CampaignAnswer._meta.db_table} a "
               f"JOIN {CampaignRater._meta.db_table} r ON r.id = a.form_id "
               "WHERE r.campaign_id = %s AND r.submitted_at IS NOT NULL")
# PostgreSQL: one row per form, its answers in item order (every submitted form answers every item), so a
# million forms cross the wire as a million rows, not 25 million.
FORM_ANSWERS_SQL = (f"SELECT a.form_id, array_agg(a.value ORDER BY a.item_id) FROM {CampaignAnswer._meta.db_table} a "
                    f"JOIN {CampaignRater._meta.db_table} r ON r.id = a.form_id "
                    "WHERE r.campaign_id = %s AND r.submitted_at IS NOT NULL GROUP BY a.form_id")


def _answer_chunks(campaign_id: int, item_ids: list[int]) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The submitted answers as (form ids, item ids, values) arrays of about CHUNK answers each, read with a
    server-side cursor on PostgreSQL."""
    if connection.vendor == "postgresql":
        items = np.array(sorted(item_ids), dtype=np.int64)
        with connection.chunked_cursor() as cursor:
            cursor.execute(FORM_ANSWERS_SQL, [campaign_id])
            while rows := cursor.fetchmany(max(CHUNK // max(len(items), 1), 1)):
                forms = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
                values = np.array([row[1] for row in rows], dtype=np.int64)
                if values.ndim != 2 or values.shape[1] != len(items):
                    raise ValueError("a submitted form does not answer every item")
                yield np.repeat(forms, len(items)), np.tile(items, len(forms)), values.ravel()
        return
    with connection.cursor() as cursor:
        cursor.execute(ANSWERS_SQL, [campaign_id])
        while rows := cursor.fetchmany(CHUNK):
            found = np.array(rows, dtype=np.int64).reshape(-1, 3)
            yield found[:, 0], found[:, 1], found[:, 2]


def campaign_compute(*, campaign_id: int) -> dict:
    """The closing job's work: score the submitted forms and write each scored cadre's assessment, in one
    transaction (a worker killed midway leaves the campaign closing, to be closed again)."""
    campaign = AssessmentCampaign.objects.get(pk=campaign_id)
    if campaign.status != CampaignStatus.CLOSING:
        raise Conflict(_("Only a closing campaign is computed."), code="not_closing")
    items = [campaigns.Item(item.pk, item.capacity, float(item.weight), item.lowest, item.highest)
             for item in campaign.items.all()]
    kind_index = {kind: n for n, kind in enumerate(campaigns.KINDS)}
    forms = campaign.raters.filter(submitted_at__isnull=False).order_by().values_list("pk", "ratee_id", "kind")
    count = forms.count()
    ids, ratees, kinds = (np.zeros(count, dtype=np.int64) for _n in range(3))
    for n, (pk, ratee, kind) in enumerate(forms.iterator(chunk_size=CHUNK)):
        ids[n], ratees[n], kinds[n] = pk, ratee, kind_index[kind]
    total = count * len(items)  # every submitted form answers every item
    tally = campaigns.Tally(items=items, form_arrays=(ids, ratees, kinds))
    for form_ids, item_ids, values in _answer_chunks(campaign.pk, [item.id for item in items]):
        tally.add(form_ids, item_ids, values)
        jobs.report_progress(tally.answers, total, _("Reading answers"))
    outcome = tally.finish(kind_weights={kind: float(w) for kind, w in campaign.kind_weights().items()},
                           min_peers=campaign.min_peers)
    jobs.report_progress(total, total, _("Writing assessments"))
    today = timezone.localdate()
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status != CampaignStatus.CLOSING:
            raise Conflict(_("Only a closing campaign is computed."), code="not_closing")
        ratees = list(outcome.scores)
        _lock_ratees(campaign, ratees)
        LiteracyAssessment.objects.filter(period=campaign.period, method=AssessmentMethod.CAMPAIGN,
                                          cadre__tier=campaign.tier).filter(
            cadre_id__in=Subquery(campaign.raters.values("ratee_id"))).delete()
        note = _("Computed from the answers of the campaign %(name)s.") % {"name": campaign.name}
        _write_assessments(campaign, outcome.scores, today, note)
        _mark_latest(campaign, ratees)
        campaign.status, campaign.closed_at = CampaignStatus.CLOSED, timezone.now()
        campaign.results = {
            "alpha": outcome.alpha, "agreement": outcome.agreement, "forms": outcome.forms,
            "answer_count": outcome.answers, "scored": len(outcome.scores), "unscored": len(outcome.unscored),
            "kinds": {",".join(kinds): count for kinds, count in _count(outcome.kinds_counted.values()).items()},
        }
        campaign.save(update_fields=["status", "closed_at", "results"])
    return {"campaign": campaign.pk, "scored": len(outcome.scores), "unscored": len(outcome.unscored)}


def _lock_ratees(campaign, ratees: list[int]) -> None:
    """assessments_lock for every cadre the campaign rates; on PostgreSQL in one statement."""
    if connection.vendor != "postgresql":
        assessments_lock(ratees)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Cadre._meta.db_table} WHERE id IN (SELECT ratee_id FROM "
                       f"{CampaignRater._meta.db_table} WHERE campaign_id = %s) ORDER BY id FOR UPDATE", [campaign.pk])


def _mark_latest(campaign, ratees: list[int]) -> None:
    """assessments_mark_latest for the cadres rated; on PostgreSQL set-based: the flags that go first, then
    those that come (the one-latest constraint is checked row by row)."""
    if connection.vendor != "postgresql":
        assessments_mark_latest(ratees)
        return
    table = LiteracyAssessment._meta.db_table
    ranked = (f"WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY cadre_id ORDER BY assessed_on DESC, "
              f"id DESC) = 1 AS newest FROM {table} WHERE cadre_id IN (SELECT ratee_id FROM "
              f"{CampaignRater._meta.db_table} WHERE campaign_id = %s)) ")
    with connection.cursor() as cursor:
        cursor.execute(ranked + f"UPDATE {table} t SET is_latest = false FROM ranked "
                       "WHERE t.id = ranked.id AND t.is_latest AND NOT ranked.newest", [campaign.pk])
        cursor.execute(ranked + f"UPDATE {table} t SET is_latest = true FROM ranked "
                       "WHERE t.id = ranked.id AND NOT t.is_latest AND ranked.newest", [campaign.pk])


def _write_assessments(campaign, scores: dict[int, dict[str, int]], day, note: str) -> None:
    """One assessment per scored cadre. PostgreSQL: one INSERT ... SELECT FROM unnest(arrays) (tens of thousands
    of rows in a second); elsewhere bulk_create."""
    if connection.vendor != "postgresql":
        LiteracyAssessment.objects.bulk_create(
            [LiteracyAssessment(cadre_id=ratee, period=campaign.period, assessed_on=day,
                                method=AssessmentMethod.CAMPAIGN, campaign=campaign, notes=note, **values)
             for ratee, values in scores.items()], batch_size=2000)
        return
    ratees = list(scores)
    columns = [[scores[r][c] for r in ratees] for c in CAPACITIES]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LiteracyAssessment._meta.db_table} (cadre_id, period, assessed_on, method, campaign_id, "
            f"notes, {', '.join(CAPACITIES)}, is_latest, created_at, updated_at) "
            "SELECT cadre, %s, %s, %s, %s, %s, p, e, d, c, v, false, %s, %s "
            "FROM unnest(%s::bigint[], %s::int[], %s::int[], %s::int[], %s::int[], %s::int[]) "
            "AS t(cadre, p, e, d, c, v)",
            [campaign.period, day, AssessmentMethod.CAMPAIGN, campaign.pk, note, now, now, ratees, *columns])


def _count(values) -> dict:
    counted: dict = {}
    for value in values:
        counted[value] = counted.get(value, 0) + 1
    return counted
