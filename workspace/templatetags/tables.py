import html

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()


def _shown(value, context) -> str:
    """The value as the template shows it: render_value_in_context localizes and escapes it. Plain text (most
    cells, and every link) has nothing to localize and is escaped as Django's escape does, without its checks."""
    if type(value) is str and context.autoescape:
        return html.escape(value)
    return render_value_in_context(value, context)


@register.simple_tag(takes_context=True)
def table_rows(context, table, stacked=False) -> str:
    """A table's rows, each cell paired with its column's heading so a stacked table (on a phone) can name each
    cell's column beside it. Built here rather than looped over in the template: a page of 25 rows of 7 cells
    took a template loop per cell ~3 ms, and a template loop per row 0.5 ms more than the rows themselves."""
    return mark_safe("".join(f"\n    <tr>{_cells(context, row, table.headings, stacked)}</tr>\n  "
                             for row in table.rows))


def _cells(context, row, headings, stacked: bool) -> str:
    cells = []
    for heading, cell in zip(headings, row, strict=False):
        text = _shown(cell.text, context)
        if cell.url:
            text = f'<a href="{_shown(cell.url, context)}">{text}</a>'
        numeric = ' class="num"' if cell.numeric else ""
        label = f' data-label="{_shown(heading.label, context)}"' if stacked else ""
        cells.append(f"<td{numeric}{label}>{text}</td>")
    return "".join(cells)
