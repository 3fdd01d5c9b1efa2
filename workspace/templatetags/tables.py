from django import template

register = template.Library()


@register.filter
def with_headings(row, headings) -> list:
    """A table row's cells paired with their column's heading, so a stacked table (on a phone) can name each
    cell's column beside it."""
    return list(zip(headings, row, strict=False))
