"""Steps the incentive stories take through the API."""

from rest_framework.test import APIClient


def run(client: APIClient, cycle, step: str, body: dict | None = None):
    return client.post(f"/api/v1/incentive-cycles/{cycle.pk}/{step}/", body or {}, format="json")


def lines_of(client: APIClient, cycle) -> dict[str, dict]:
    response = client.get(f"/api/v1/incentive-cycles/{cycle.pk}/lines/", {"page_size": 200})
    assert response.status_code == 200, response.content
    return {line["staff_number"]: line for line in response.json()["results"]}
