"""Schema-driven fuzzing: schemathesis reads the OpenAPI schema from a live test server (a real
HTTP server on loopback, in a thread), generates parameters for every operation and calls the
server over HTTP; no response may be a server error, and every response must match the schema
(status, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.api.models import ApiToken
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.people.tests.factories import PersonFactory


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


@pytest.fixture
def token(transactional_db, home_org):
    reader = UserFactory(organization=home_org, role=Role.CONSULTATION)
    for _ in range(3):
        ConsultationFactory(person=PersonFactory(organization=home_org))
    return ApiToken.issue(user=reader, name="fuzz")[1]


def test_the_schema_has_every_operation(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 19


# derandomized: the same examples in every run, so CI does not flake; raise max_examples (or
# drop derandomize) locally to explore further
@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_operation_answers_within_its_schema(api_schema, live_server, token, data):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    operation = data.draw(st.sampled_from(operations), label="operation")
    case = data.draw(operation.as_strategy(), label="case")
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Bearer {token}"})
