"""What every workspace page shares: who may open it, and its sortable, paginated tables.

A page module (workspace/views/<topic>.py) decorates each view with `page(*roles)`, reads through the apps'
selectors with `actor_of(request)` (so its scope is the API's), lets get_object_or_404 answer for records
outside that scope, and renders a template extending workspace/base.html with `title` and `breadcrumbs`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse

from talent.access import actor_of

PER_PAGE = 25


def page(*allowed_roles: str):
    """Anonymous visitors are sent to /login/ and back; a signed-in user holding none of `allowed_roles` gets
    403. With no roles, any signed-in user may open the page."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if allowed_roles and not actor_of(request).has(*allowed_roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


@dataclass(frozen=True)
class Column:
    label: str
    # The field (or lookup) the column sorts by; None: the column is not sortable.
    order_by: str | None = None
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    text: object
    url: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class Heading:
    label: str
    numeric: bool
    sort_url: str
    sorted: str  # "ascending", "descending" or "" (the values of aria-sort)


@dataclass(frozen=True)
class Table:
    headings: list[Heading]
    rows: list[list[Cell]]
    page: Page
    # The query string without `page`, so page links keep the sort and the filters.
    query: str
    # The parameter naming the page: a page with several tables gives each its own (see sorted_table's prefix).
    page_param: str = "page"


def sorted_table(request, queryset: QuerySet, *, columns: dict[str, Column], default: str,
                 row: Callable[[object], Iterable], per_page: int = PER_PAGE, prefix: str = "") -> Table:
    """One page of `queryset` sorted by ?sort=<key> or ?sort=-<key> (a key of `columns`; anything else falls
    back to `default`), with `row(record)` giving each row's cells: values, or Cell for a link. Several tables
    on one page each take a `prefix` ("skills-"): their parameters become skills-sort and skills-page."""
    sort_param, page_param = f"{prefix}sort", f"{prefix}page"
    wanted = request.GET.get(sort_param, default)
    key = wanted.removeprefix("-")
    if key not in columns or columns[key].order_by is None:
        wanted, key = default, default.removeprefix("-")
    descending = wanted.startswith("-")
    field = columns[key].order_by
    ordered = queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")
    current = Paginator(ordered, per_page).get_page(request.GET.get(page_param))

    headings = []
    for name, column in columns.items():
        params = request.GET.copy()
        params.pop(page_param, None)
        params[sort_param] = f"-{name}" if name == key and not descending else name
        state = ("descending" if descending else "ascending") if name == key else ""
        headings.append(Heading(column.label, column.numeric,
                                f"?{params.urlencode()}" if column.order_by else "", state))
    numeric = [column.numeric for column in columns.values()]
    rows = [[cell if isinstance(cell, Cell) else Cell(cell, numeric=is_numeric)
             for cell, is_numeric in zip(row(record), numeric, strict=True)] for record in current]
    params = request.GET.copy()
    params.pop(page_param, None)
    return Table(headings, rows, current, params.urlencode(), page_param)


def one_query_page(request, fetch, *, per_page: int = PER_PAGE) -> Page:
    """Page ?page=<n> from fetch(start, size) -> (rows, total), a reader that counts as it reads (the talent
    search's page, total included, is one statement), as the API pages it; a page number out of range gives
    the first page."""
    try:
        number = max(1, min(int(request.GET.get("page") or 1), 10**9))
    except ValueError:
        number = 1
    rows, total = fetch((number - 1) * per_page, per_page)
    if not rows and number > 1:
        number = 1
        rows, total = fetch(0, per_page)
    paginator = Paginator([], per_page)
    paginator.count = total  # count is a cached_property: set, not computed
    return Page(rows, number, paginator)


# A number no record's id will be near for a while, standing for the id in a reversed link.
_STAND_IN = 987654321987


def url_for_each(url_name: str) -> Callable[[int], str]:
    """reverse(url_name, args=[pk]) for a page of records at the cost of one reverse (a page of 25 links took 25
    reverses): the link is reversed once with a stand-in for the id, which each record's id then replaces."""
    before, _stand_in, after = reverse(url_name, args=[_STAND_IN]).rpartition(str(_STAND_IN))
    return lambda pk: f"{before}{int(pk)}{after}"


def fixed_table(columns: list[Column], rows: Iterable[Iterable]) -> Table:
    """A short table in its stored order, for a page with several (a person's own record: a few rows each),
    where one ?sort and ?page could not serve them all."""
    numeric = [column.numeric for column in columns]
    return Table([Heading(column.label, column.numeric, "", "") for column in columns],
                 [[cell if isinstance(cell, Cell) else Cell(cell, numeric=is_numeric)
                   for cell, is_numeric in zip(row, numeric, strict=True)] for row in rows], None, "")
