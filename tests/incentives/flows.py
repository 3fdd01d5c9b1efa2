"""Steps the incentive stories take through the API."""

from rest_framework.test import APIClient

from tests.helpers import job_outcome

# Steps that run as background jobs: followed to their end, answered as the synchronous call was.
JOB_STEPS = {"compute"}


def run(client: APIClient, cycle, step: str, body: dict | None = None):
    response = client.post(f"/api/v1/incentive-cycles/{cycle.pk}/{step}/", body or {}, format="json")
    return job_outcome(client, response) if step in JOB_STEPS else response


def lines_of(client: APIClient, cycle) -> dict[str, dict]:
    response = client.get(f"/api/v1/incentive-cycles/{cycle.pk}/lines/", {"page_size": 200})
    assert response.status_code == 200, response.content
    return {line["staff_number"]: line for line in response.json()["results"]}
