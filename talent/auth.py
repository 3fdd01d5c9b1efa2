from auditlog.context import auditlog_value
from rest_framework.authentication import TokenAuthentication


class AuditedTokenAuthentication(TokenAuthentication):
    """Token authentication that names the user as the actor of the request's audit records.

    auditlog's middleware runs before DRF authenticates a token, so it only sees session users;
    the actor is filled in here, in the same per-request audit context the middleware opened.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            context = auditlog_value.get(None)
            if context is not None:
                context["actor"] = result[0]
        return result
