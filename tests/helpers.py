"""Personas and assertions shared by the stories."""

PERSONAS = ["hr_officer", "hr_clerk", "finance_head", "it_head", "leader", "auditor", "outsider", "anonymous"]


def assert_error(response, status: int, *, field: str | None = None) -> dict:
    """The response is the API's one error shape with this status; returns the error body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"]
    assert error["message"]
    if field is not None:
        assert field in error["fields"], error
    return error


def masked_id(national_id: str) -> str:
    return national_id[:4] + "*" * 10 + national_id[-4:]


def masked_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:]
