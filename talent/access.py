"""Who may see and do what. The API's permission classes and querysets, and the data-sharing list,
all read these rules, so the documentation cannot drift from what is enforced."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, When
from django.db.models.functions import NullIf
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import table_cache
from core.crypto import mask_credential_number, mask_national_id, mask_phone
from core.errors import Forbidden
from talent import roles
from talent.models import (
    Cadre,
    CadreSkill,
    Credential,
    Department,
    InformationSystem,
    LiteracyAssessment,
    PostRecord,
    Skill,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
    Vendor,
    VendorStaff,
    WorkforcePlan,
)

# Roles that read every department; the others with read access see the departments they head.
ALL_DEPARTMENTS_ROLES = (roles.HR, roles.LEADERSHIP)
# Personal data is shown in full only to these roles, and only to users also holding this permission.
PERSONAL_DATA_ROLES = (roles.HR,)
PERSONAL_DATA_PERMISSION = "talent.view_cadre_personal_data"


class Actor:
    """The request's user with their roles and department scope, computed once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.user or not self.user.is_authenticated:
            return frozenset()
        if hasattr(self.user, "role_names"):  # read with the user (core.auth.role_names): no query
            return frozenset(self.user.role_names or ())
        return frozenset(self.user.groups.values_list("name", flat=True))

    def has(self, *wanted: str) -> bool:
        return bool(self.roles.intersection(wanted))

    @cached_property
    def headed_department_ids(self) -> frozenset[int]:
        if not self.has(roles.HEAD):
            return frozenset()
        if hasattr(self.user, "headed_ids"):  # read with the user (core.auth.headed_ids): no query
            return frozenset(self.user.headed_ids or ())
        return frozenset(self.user.headed_departments.values_list("id", flat=True))

    @cached_property
    def scope_department_ids(self) -> frozenset[int]:
        """Departments a head sees in full: those they head and every sub-unit below them."""
        return descendant_ids(self.headed_department_ids)

    @property
    def sees_all_departments(self) -> bool:
        return self.has(*ALL_DEPARTMENTS_ROLES)

    @property
    def may_see_personal_data(self) -> bool:
        return self.has(*PERSONAL_DATA_ROLES) and self.user.has_perm(PERSONAL_DATA_PERMISSION)


def refuse_personal_writes(actor: Actor, named: list[str], *, field: str | None = None) -> None:
    """A stored personal value is written over only by who may see it, through any path: writing it
    compares it with what is stored (an import's "unchanged", a validation error), and that answer would
    tell the caller a value they may not see; a blind overwrite is no correction either. A new record's
    personal data compares with nothing (no personal field is unique), so any writer may enter it; an
    import matches its rows to stored records, so a file with personal columns always needs this.
    `named`: the personal fields written, as the caller named them; the refusal is reported on `field`,
    or on each of them."""
    if not named or actor.may_see_personal_data:
        return
    message = _("You may not see citizen ID numbers and phone numbers, so you may not change them: "
                "remove %(fields)s.") % {"fields": "、".join(named)}
    raise Forbidden(message, code="personal_data_write",
                    fields={field: [message]} if field else {name: [message] for name in named})


def actor_of(request) -> Actor:
    actor = getattr(request, "_actor", None)
    if actor is None or actor.user is not request.user:
        actor = Actor(getattr(request, "user", AnonymousUser()))
        request._actor = actor
    return actor


def departments_state():
    """The departments' table, whose state keys the department tree; read with every request's user (talent.apps)."""
    return Department.objects.all()


def department_children() -> dict[int | None, list[int]]:
    """Each department's direct sub-units, keyed by parent id (None: the top level): a head's every request and
    every department filter walk it. Kept by the process until a department changes (core.table_cache.kept), the
    table's state coming with the request's user, so a request walking the tree costs no statement of its own.
    Callers only read it."""
    return table_cache.kept("department-children", (departments_state(), "updated_at"), _read_department_children)


def _read_department_children() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for dept_id, parent_id in Department.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(dept_id)
    return children


def department_exists(department_id: int) -> bool:
    """Whether a department has this id, by the tree (department_children) a request that scopes or filters by
    department reads anyway, rather than by a query of its own."""
    return any(department_id in units for units in department_children().values())


def descendant_ids(root_ids, children: dict[int | None, list[int]] | None = None) -> frozenset[int]:
    """The given departments and all below them (one query, or none when `children` is given: callers
    walking many subtrees load the tree once; it is a few hundred rows)."""
    if not root_ids:
        return frozenset()
    children = department_children() if children is None else children
    found, stack = set(), list(root_ids)
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return frozenset(found)


def own_cadre(request) -> Cadre:
    """The cadre record the signed-in user's login is linked to: the only record the /me/ endpoints and page
    ever read, so no one reaches another person's through them. 403 `no_cadre` for a login linked to none."""
    cadre = getattr(request.user, "cadre", None) if request.user.is_authenticated else None
    if cadre is None:
        raise Forbidden(_("Your login is not linked to a cadre record."), code="no_cadre")
    return cadre


def role_users(role: str) -> QuerySet:
    """The active users holding a role: whom a notice for "HR" or "leadership" goes to."""
    return get_user_model().objects.filter(groups__name=role, is_active=True).distinct()


def department_heads(department_id: int | None) -> list:
    """The heads who answer for a department: its own active heads, or, where it has none, those of the nearest
    department above it that has some (their scope covers it: see Actor.scope_department_ids)."""
    return heads_of_departments([department_id])[department_id]


def heads_of_departments(department_ids: Iterable[int | None]) -> dict[int | None, list]:
    """department_heads of each department, in three queries however many: an allocation run at a million cadres
    proposes people from thousands of departments, and asking department by department took most of its minute."""
    parents = dict(Department.objects.values_list("id", "parent_id"))
    heading = defaultdict(list)
    for department_id, user_id in role_users(roles.HEAD).filter(headed_departments__isnull=False).order_by(
            "pk").values_list("headed_departments", "pk"):
        heading[department_id].append(user_id)
    users = get_user_model().objects.in_bulk({pk for pks in heading.values() for pk in pks})
    found = {}
    for asked in department_ids:
        department_id, seen, found[asked] = asked, set(), []
        while department_id is not None and department_id not in seen:
            seen.add(department_id)
            if heading[department_id]:
                found[asked] = [users[pk] for pk in heading[department_id]]
                break
            department_id = parents.get(department_id)
    return found


def may_verify_skills_of(actor: Actor, cadre) -> bool:
    """HR verifies anyone's skills; a department head those of their own people (never their own)."""
    if cadre.user_id is not None and cadre.user_id == actor.user.pk:
        return False
    return actor.has(roles.HR) or cadre.department_id in actor.scope_department_ids


class SuperuserPermission(BasePermission):
    """Superusers only, whatever their roles: what the `manage.py` commands of the operators may do."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)


class RolePermission(BasePermission):
    """Views declare `read_roles` and `write_roles`; a user needs one of them for the method used."""

    def has_permission(self, request, view):
        return actor_of(request).has(*roles_for(view, request.method))


def roles_for(view, method: str) -> tuple[str, ...]:
    """The roles a view lets use this HTTP method; the data-sharing list asks the same question."""
    return tuple(view.read_roles if method.upper() in SAFE_METHODS else view.write_roles)


@dataclass(frozen=True)
class PersonalField:
    name: str
    label: str
    mask: Callable[[str], str]


@dataclass(frozen=True)
class Disclosure:
    """What a view hands out and to whom: its data, the personal fields in it and how they are masked,
    and how a record belongs to a department. Views scope and mask through this object, and the
    data-sharing list (talent.data_sharing) describes it, so the two cannot disagree."""

    data: str
    purpose: str
    personal_fields: tuple[PersonalField, ...] = ()
    # The lookup from a record to its department (several: it belongs to each of them, e.g. a secondment to
    # its home and its host); None when every reader sees every record.
    department_lookup: str | tuple[str, ...] | None = None
    # What readers get of records outside their departments; None: they do not get them at all.
    beyond_scope: str | None = None
    # The fields that summary shows (beyond_scope); every other field is hidden outside the reader's departments.
    summary_fields: frozenset[str] = frozenset()
    # Personal data in full in lists and files too, not only on one record's detail page.
    revealed_in_lists: bool = False
    # The lookups from a record to the users it belongs to (a job to its starter and followers): readers see
    # only their own, except the roles in all_records_roles.
    owner_lookup: str | tuple[str, ...] | None = None
    all_records_roles: tuple[str, ...] = ()
    # Roles beyond ALL_DEPARTMENTS_ROLES that read every department's records of this data set (auditors read
    # the nominations and their decisions).
    all_departments_roles: tuple[str, ...] = ()

    def scope(self, queryset: QuerySet, actor: Actor) -> QuerySet:
        if self.owner_lookup is not None and not actor.has(*self.all_records_roles):
            queryset = queryset.filter(self.owned_by(queryset.model, actor.user))
        if self.beyond_scope is not None:
            return queryset
        return queryset.filter(self.seen_in_full(actor))

    def owned_by(self, model, user) -> Q:
        lookups = (self.owner_lookup,) if isinstance(self.owner_lookup, str) else self.owner_lookup
        if len(lookups) == 1:
            return Q(**{lookups[0]: user})
        # A subquery per lookup, so that a record reached through a many-to-many is listed once.
        found = Q(pk__in=[])
        for lookup in lookups:
            found |= Q(pk__in=model.objects.filter(**{lookup: user}).values("pk"))
        return found

    def seen_in_full(self, actor: Actor) -> Q:
        """The records the actor sees in full, as a condition (always true for those who see everything)."""
        if self.department_lookup is None or self.sees_all(actor):
            return Q()
        lookups = (self.department_lookup,) if isinstance(self.department_lookup, str) else self.department_lookup
        found = Q(pk__in=[])
        for lookup in lookups:
            found |= Q(**{f"{lookup}__in": actor.scope_department_ids})
        return found

    def where(self, actor: Actor, field: str, condition: Q) -> Q:
        """A filter on `field` that only ever matches records on which the actor sees that field. A record
        whose field is hidden from them does not match, whatever value is asked for, so a right and a wrong
        guess get the same answer. Every filter of a search that hands out summaries goes through here;
        a field not listed in summary_fields counts as hidden."""
        return condition if field in self.summary_fields else condition & self.seen_in_full(actor)

    def sort_key(self, actor: Actor, field: str, expression):
        """An ordering on `field`: the value where the actor sees it, NULL (one tie) where they do not."""
        if field in self.summary_fields or self.department_lookup is None or self.sees_all(actor):
            return expression
        # NULLIF(x, x) is NULL, typed as x: a head who sees no department in full gets the default alone, and
        # PostgreSQL refuses a bare NULL in ORDER BY.
        return Case(When(self.seen_in_full(actor), then=expression), default=NullIf(expression, expression))

    def in_full(self, actor: Actor, department_id: int) -> bool:
        """Whether a record of this department reaches the actor in full or only as `beyond_scope`."""
        return self.sees_all(actor) or department_id in actor.scope_department_ids

    def sees_all(self, actor: Actor) -> bool:
        """Whether the actor reads every department's records of this data set."""
        return actor.sees_all_departments or actor.has(*self.all_departments_roles)

    def reveals(self, actor: Actor, *, detail: bool) -> bool:
        """Personal data is shown in full on one record's detail page (each such read is audited), in
        lists only where revealed_in_lists says so, and only to whom may see it."""
        return bool(self.personal_fields) and (detail or self.revealed_in_lists) and actor.may_see_personal_data

    def personal_in(self, data: dict) -> list[str]:
        return [personal.name for personal in self.personal_fields if personal.name in data]

    def mask(self, data: dict) -> dict:
        for personal in self.personal_fields:
            if data.get(personal.name):
                data[personal.name] = personal.mask(data[personal.name])
        return data


def _personal(model, name: str, mask: Callable[[str], str]) -> PersonalField:
    return PersonalField(name, model._meta.get_field(name).verbose_name, mask)


DEPARTMENTS = Disclosure(
    data=Department._meta.verbose_name_plural,
    purpose=_("The organisation chart every other record hangs on; it holds no personal data."),
)
CADRES = Disclosure(
    data=Cadre._meta.verbose_name_plural,
    purpose=_("The talent pool: HR keeps it, department heads manage their own people, leadership sees the "
              "whole picture for decisions."),
    personal_fields=(_personal(Cadre, "national_id", mask_national_id), _personal(Cadre, "mobile", mask_phone)),
    department_lookup="department_id",
)
AUDIT_TRAIL = Disclosure(
    data=_("audit trail"),
    purpose=_("Who changed what and who read personal data, so responsibility is traced to a person; "
              "personal data is masked before it is written to the trail."),
)
SKILL_CATALOGUE = Disclosure(
    data=Skill._meta.verbose_name_plural,
    purpose=_("The skill catalogue, its categories and the five proficiency levels: reference data."),
)
CADRE_SKILLS = Disclosure(
    data=CadreSkill._meta.verbose_name_plural,
    purpose=_("Who holds which skill at which level, with evidence and earlier levels, so HR can plan and "
              "heads can verify their own people."),
    department_lookup="cadre__department_id",
)
LITERACY = Disclosure(
    data=LiteracyAssessment._meta.verbose_name_plural,
    purpose=_("Each cadre's five-capacity scores, composite and gaps to their tier's targets, and the training "
              "that closes them."),
    department_lookup="cadre__department_id",
)
TIER_PROFILES = Disclosure(
    data=TierProfile._meta.verbose_name_plural,
    purpose=_("What each tier needs: capacity weights and targets; reference data."),
)
TRAINING_PROGRAMS = Disclosure(
    data=TrainingProgram._meta.verbose_name_plural,
    purpose=_("The training on offer and the cadres each program should reach."),
)
TRAINING_RECORDS = Disclosure(
    data=TrainingRecord._meta.verbose_name_plural,
    purpose=_("Who took which program and with what result."),
    department_lookup="cadre__department_id",
)
SELF_STUDY = Disclosure(
    data=_("self-study"),
    purpose=_("Study cadres log themselves, for HR or their department head to confirm; confirmed hours count in "
              "their learning hours."),
    department_lookup="cadre__department_id",
)
TRAINING_LEDGER = Disclosure(
    data=_("training ledger"),
    purpose=_("Each cadre's learning hours in a year (training, confirmed self-study, the online learning "
              "platform's courses) against their tier's requirement, and the compulsory programs still to do; "
              "a head sees their departments, the cadre their own."),
    department_lookup="department_id",
)
CREDENTIALS = Disclosure(
    data=Credential._meta.verbose_name_plural,
    purpose=_("Certificates and licences cadres hold, their expiry and the skills they certify, so HR can verify "
              "them and see what lapses; certificate numbers are masked except to HR staff who may see personal "
              "data, on one credential, and to the cadre themselves."),
    personal_fields=(_personal(Credential, "number", mask_credential_number),),
    department_lookup="cadre__department_id",
)
TALENT_SEARCH = Disclosure(
    data=_("talent search"),
    purpose=_("Who can do X at level Y: heads search the whole bureau to find experts to ask for."),
    department_lookup="department_id",
    beyond_scope=_("a summary: name, department, tier and matching skills"),
    summary_fields=frozenset({"name", "department", "tier", "skills"}),
)
CADRE_TABLES = Disclosure(
    data=_("cadre spreadsheets (import and export)"),
    purpose=_("HR keeps the pool in spreadsheets too: it imports them and exports the pool in the same shape."),
    personal_fields=CADRES.personal_fields,
    revealed_in_lists=True,
)
VENDOR_STAFF = Disclosure(
    data=VendorStaff._meta.verbose_name_plural,
    purpose=_("Every outsourced person with access to the bureau's systems, and the cadre who answers for "
              "them (人事对应); a head sees those their own people answer for."),
    personal_fields=(_personal(VendorStaff, "national_id", mask_national_id),),
    department_lookup="responsible_cadre__department_id",
)
WORKFORCE_PLANS = Disclosure(
    data=WorkforcePlan._meta.verbose_name_plural,
    purpose=_("Which posts and skills each department needs, and whether to train, borrow or recruit; the gap "
              "reports name cadres who could be trained or borrowed, without personal data."),
    department_lookup="department_id",
)
TALENT_PROFILES = Disclosure(
    data=_("talent profiles"),
    purpose=_("Decision support: headcount, literacy against tier targets, skill coverage and single points of "
              "failure, by department; a head sees the departments they head."),
    department_lookup="pk",
)
INFORMATION_SYSTEMS = Disclosure(
    data=InformationSystem._meta.verbose_name_plural,
    purpose=_("The systems the bureau runs, the department owning each and the cadres who maintain it (names "
              "only, so anyone knows whom to ask), so outsourced access can be traced and brought in-house."),
)
VENDORS = Disclosure(
    data=Vendor._meta.verbose_name_plural,
    purpose=_("Outsourcing companies and their contracts (摸清技术服务外包底数), with the cadre named to receive "
              "the knowledge transfer; company data, no personal data."),
)
REGISTRY_HEALTH = Disclosure(
    data=_("outsourcing registry health"),
    purpose=_("Which registry entries need attention and why: names of vendor staff and responsible cadres, "
              "no identity numbers."),
)
TRENDS = Disclosure(
    data=_("trends"),
    purpose=_("Whether literacy, plan gaps, sharing and the registry's health got better: daily figures, no "
              "names; a head sees the bureau-wide figures and their own departments."),
)
DATA_SHARING_LIST = Disclosure(
    data=_("data-sharing list"),
    purpose=_("This list: what each role may see and why, generated from the rules the system enforces."),
)
POST_HISTORY = Disclosure(
    data=PostRecord._meta.verbose_name_plural,
    purpose=_("Each cadre's post history (任职经历): departments and posts held, from when to when, and secondments; "
              "scoped like the cadre's record."),
    department_lookup="cadre__department_id",
)
LEADERSHIP_REPORT = Disclosure(
    data=_("leadership report"),
    purpose=_("The printable overview for the bureau's leaders: literacy by tier, the biggest gaps, single-holder "
              "critical skills and the registry's health; names, no personal data."),
)

JOBS = Disclosure(
    data=_("background jobs"),
    purpose=_("Long work (imports, incentive computations, certificates, allocation runs, a leadership report "
              "or cockpit not yet computed, backups) runs in the background: its starter, and who asked for the "
              "same report while it ran, follow the progress and read the result and its file; HR sees every "
              "job and auditors read who started what, when it ran and how it ended (a file only its starter "
              "and followers download, each download audited)."),
    owner_lookup=("started_by", "followers"),
    all_records_roles=(roles.HR, roles.AUDITOR),
)

NOTICES = Disclosure(
    data=_("notices"),
    purpose=_("What waits on you (a proposal to answer, a secondment to approve or complete, a list to approve, "
              "study to confirm, vendor staff to reconfirm), told in the workspace and by a daily e-mail: each "
              "user reads and marks only their own; notices name people by name, never by ID number or phone."),
    owner_lookup="recipient",
)

BACKUPS = Disclosure(
    data=_("database backups"),
    purpose=_("A copy of the whole database, taken on demand as a background job, for superusers only "
              "(it holds every record, password hashes and API tokens; personal data stays encrypted); only "
              "who asked for it downloads it, and each download is audited."),
)

SIGN_IN = Disclosure(
    data=_("sign-in"),
    purpose=_("Sign in for an API token and sign out; no personal data."),
)
ASSESSMENT_CAMPAIGNS = Disclosure(
    data=_("assessment campaigns"),
    purpose=_("The instrument HR uses to assess the five capacities (items, rater kinds and their weights), and "
              "per campaign its reliability and how far self-assessment and others agree; no one's answers."),
)
CAMPAIGN_PROGRESS = Disclosure(
    data=_("assessment campaign progress and raters"),
    purpose=_("How many forms each department's cadres have had answered, and who rates whom, so HR and heads "
              "can remind raters; never what anyone answered."),
    department_lookup="ratee__department_id",
)
CAMPAIGN_FORMS = Disclosure(
    data=_("assessment forms"),
    purpose=_("The forms a rater has to answer: whom they rate and the items; answers go in and are never "
              "shown back, and a peer's only ever count inside the mean of enough peers."),
    owner_lookup="rater",
)
OWN_RECORD = Disclosure(
    data=_("one's own record"),
    purpose=_("Who you are, your roles and departments, and, if your login is linked to a cadre record, that "
              "record: your details with your own citizen ID and phone in full (each such read is written to "
              "the audit trail), your skills and their history, your literacy and gaps, training, secondments, "
              "contributions and certificates; and the skills you declare yourself."),
)
