"""Every operation in the API's own OpenAPI schema, fuzzed as every role.

For each operation schemathesis lets hypothesis generate requests that fit the schema and requests that break
it (wrong types, missing or extra fields, values out of range). Each request is sent once as each persona, and
every answer must be free of 5xx, have a status code the schema documents, a body and headers that fit it,
and show no real citizen ID or phone number to a persona that may not see them. Endpoints are covered as soon
as they are in the schema.

Each operation is one test in one rolled-back transaction, so deletes and workflow steps run too.
Budget: FUZZ_EXAMPLES generated requests per operation (default 5), each sent as the seven personas;
FUZZ_COVERAGE=1 adds schemathesis' coverage phase (boundary values, each required field missing: about a
hundred more per operation); FUZZ_PERSONAS=hr_officer,leader sends as those personas only. Generation is
derandomised: a run is reproducible.
"""

from hypothesis import HealthCheck, settings

from config.env import env_int
from tests.api.fuzzing import PERSONAS, call_and_check, schema


@schema.parametrize()
@settings(max_examples=env_int("FUZZ_EXAMPLES", 5), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_as_every_role(case, bureau, personal_data, in_process):
    for persona in PERSONAS:
        call_and_check(case, bureau=bureau, personal_data=personal_data, persona=persona)
