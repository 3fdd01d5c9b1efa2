"""The fuzzing harness: the schema the app serves, loaded by schemathesis, and how a request is judged.

Requests go in-process to the WSGI app (config.wsgi), through the same middleware as in production.
"""

import io
import zipfile

import schemathesis
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.env import env_bool, env_list
from config.wsgi import application
from talent.access import PERSONAL_DATA_PERMISSION

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    application,
    config=schemathesis.config.SchemathesisConfig.from_dict({
        # The personas' tokens are the credentials; generated ones would only make every persona anonymous.
        "generation": {"with-security-parameters": False},
        "phases": {"coverage": {"enabled": env_bool("FUZZ_COVERAGE", False)}},
    }),
)

# Readers first, so that a delete or a workflow step in the same example does not hide what they would read.
# FUZZ_PERSONAS=hr_officer,leader narrows a long run (FUZZ_COVERAGE=1, many FUZZ_EXAMPLES) to some of them.
PERSONAS = [persona for persona in ["anonymous", "auditor", "leader", "finance_head", "hr_clerk", "hr_officer", "cadre"]
            if persona in env_list("FUZZ_PERSONAS", "anonymous,auditor,leader,finance_head,hr_clerk,hr_officer,cadre")]
# No 5xx; a documented status code; a body and headers that fit what is documented for it.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


def readable_text(content: bytes) -> str:
    """What a person could read in a body: its text, or the text inside a spreadsheet (a zip of XML)."""
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def leaked(content: bytes, secrets: set[str]) -> set[str]:
    text = readable_text(content)
    return {secret for secret in secrets if secret in text}


def credentials(bureau, persona: str) -> dict:
    if persona == "anonymous":
        return {}
    # Looked up each time: DELETE /api/v1/auth/token/ revokes the token it is sent with.
    token, _created = Token.objects.get_or_create(user=bureau.users[persona])
    return {"Authorization": f"Token {token.key}"}


def own_personal_data(bureau, persona: str) -> set[str]:
    """A cadre's own citizen ID and phone, which /api/v1/me/details/ shows them in full."""
    cadre = getattr(bureau.users.get(persona), "cadre", None)
    if cadre is None:
        return set()
    cadre.refresh_from_db()
    return {cadre.national_id, cadre.mobile}


def call_and_check(case, *, bureau, persona: str, personal_data: set[str]):
    """Send the case as the persona; fail, naming the persona, on any check that does not hold."""
    headers = credentials(bureau, persona)
    response = case.call(headers=headers)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
        # Judged by the permission, not by the persona's name: HR without it (hr_clerk) is scanned too.
        if persona == "anonymous" or not bureau.users[persona].has_perm(PERSONAL_DATA_PERMISSION):
            found = leaked(response.content, personal_data - own_personal_data(bureau, persona))
            assert not found, f"{case.method} {case.formatted_path} shows {persona} unmasked {sorted(found)}"
    except (AssertionError, FailureGroup) as failure:
        failure.add_note(f"Sent as {persona}.")
        raise
    return response
