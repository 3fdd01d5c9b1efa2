"""The shared sortable, paginated table (workspace.pages.sorted_table) other pages build on."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from talent.models import Department
from workspace.pages import Cell, Column, Heading, Table, sorted_table, url_for_each

COLUMNS = {"code": Column("代码", "code"), "name": Column("名称", "name"), "id": Column("编号", numeric=True)}


def table(query: str, per_page: int = 2):
    request = RequestFactory().get(f"/departments/?{query}")
    return sorted_table(request, Department.objects.all(), columns=COLUMNS, default="code", per_page=per_page,
                        row=lambda d: [Cell(d.code, url=f"/departments/{d.pk}/"), d.name, d.pk])


def test_sorted_by_the_column_asked_for_and_paginated_keeping_the_filters(bureau):
    first = table("sort=-code&status=x")
    second = table("sort=-code&status=x&page=2")

    assert [row[0].text for row in first.rows + second.rows] == ["OFFICE", "IT", "FIN-ACC", "FIN"]
    assert first.headings[0].sorted == "descending" and first.headings[0].sort_url == "?sort=code&status=x"
    assert first.headings[2].sort_url == ""  # not sortable
    assert first.query == "sort=-code&status=x"
    assert first.rows[0][2].numeric


def test_an_unknown_sort_or_page_falls_back_instead_of_failing(bureau):
    assert [row[0].text for row in table("sort=national_id&page=abc").rows] == ["ARCH", "FIN"]
    assert [row[0].text for row in table("sort=id&page=999").rows] == ["OFFICE"]  # id: not sortable; last page


def test_the_include_renders_links_sort_state_and_pages(bureau):
    html = render_to_string("workspace/includes/table.html", {"table": table("sort=name")})

    assert 'aria-sort="ascending"' in html and 'href="?sort=-name"' in html
    assert 'href="/departments/' in html and 'class="num"' in html
    assert 'href="?sort=name&amp;page=2"' in html


def test_a_second_table_on_the_page_keeps_its_own_sort_and_page(bureau):
    request = RequestFactory().get("/departments/?sort=-code&page=2&other_sort=-name&other_page=1")
    other = sorted_table(request, Department.objects.all(), columns=COLUMNS, default="code", per_page=2,
                         prefix="other_", row=lambda d: [d.code, d.name, d.pk])
    html = render_to_string("workspace/includes/table.html", {"table": other})

    names = sorted(Department.objects.values_list("name", flat=True), reverse=True)
    assert [row[1].text for row in other.rows] == names[:2]  # its own sort and page, not the first table's
    assert other.headings[1].sort_url == "?sort=-code&page=2&other_sort=name"
    assert 'href="?sort=-code&amp;page=2&amp;other_sort=-name&amp;other_page=2"' in html


# The rows as the include rendered them with a template loop per row and per cell, before table_rows built them.
LOOPED_ROWS = ('{% for row in paired %}\n    <tr>{% for heading, cell in row %}<td{% if cell.numeric %}'
               ' class="num"{% endif %}{% if stacked %} data-label="{{ heading.label }}"{% endif %}>{% if cell.url %}'
               '<a href="{{ cell.url }}">{{ cell.text }}</a>{% else %}{{ cell.text }}{% endif %}</td>{% endfor %}'
               '</tr>\n  {% endfor %}')


def test_the_rows_read_as_the_template_loop_wrote_them():
    """Escaped, localized (numbers, money, dates, lazy labels) and linked as the template loop rendered them."""
    from datetime import date
    from decimal import Decimal

    from django.template import Context, Engine
    from django.utils.translation import gettext_lazy, override

    headings = [Heading(gettext_lazy("department"), False, "", ""), Heading("<b>&", True, "?sort=x", "ascending"),
                Heading("日期", False, "", ""), Heading("金额", True, "", "")]
    rows = [[Cell("<script>x</script>", url="/a/?b=1&c=2"), Cell(1234567, numeric=True), Cell(date(2026, 12, 6)),
             Cell(Decimal("1234.50"), numeric=True)],
            [Cell(""), Cell(None, numeric=True), Cell(0.5), Cell(gettext_lazy("tier"), url="")],
            [Cell("\"引号\" & 'x'"), Cell(-7, numeric=True), Cell(True), Cell(Decimal("0.10"), numeric=True)]]

    paired = [list(zip(headings, row, strict=False)) for row in rows]
    new = Engine(libraries={"tables": "workspace.templatetags.tables"}).from_string(
        "{% load tables %}{% table_rows table stacked %}")
    for language in ("zh-hans", "en"):
        for stacked in (False, True):
            with override(language):
                context = {"table": Table(headings, rows, None, ""), "paired": paired, "stacked": stacked}
                assert new.render(Context(context)) == Engine().from_string(LOOPED_ROWS).render(Context(context))


def test_a_link_for_each_record_is_the_reversed_link():
    for url_name in ("workspace:cadre", "workspace:department", "workspace:secondment"):
        link = url_for_each(url_name)
        for pk in (1, 9, 42, 987654321, 987654321987, 10**15):
            assert link(pk) == reverse(url_name, args=[pk])
