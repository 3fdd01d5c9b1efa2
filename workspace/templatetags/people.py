from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name as Chinese writes it: family name first, no space (the demo keeps the whole name in
    first_name); the username when no name is recorded."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
