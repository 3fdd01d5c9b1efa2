"""Domain errors raised by services; core.api turns them into the API's error shape."""


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields
        if code:
            self.code = code


class Conflict(DomainError):
    """The action is not allowed in the record's current state (a workflow violation)."""

    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "permission_denied"

