"""Fuzz the whole /api/v1 OpenAPI document with schemathesis.

Every operation of the generated document gets ``FUZZ_EXAMPLES`` generated requests (default 5;
``make fuzz`` runs 200), valid and invalid ones, as an anonymous visitor and with the bearer
token of an exhibitor, a check-in staff member and an organizer. The database is seeded once
per role in the test body with the rows the route-permission walk creates (every domain's
``tests/<domain>/routes.py`` setup), and path parameters are, half of the time, the ids and
codes of those real rows, so requests reach the code behind the 404. Checks: never a 5xx, and
the status code, content type and body match what the document declares.

Failures are collected over all operations and reported together, each with the request that
reproduces it (as a curl command).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.test_route_permissions import world  # noqa: E402,F401  (the seeded fixture)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Writes that would remove the seeded rows other operations need run last.
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}


class FreshContext:
    """WSGI wrapper: each request runs in its own application context (own database session),
    as in production, although the test holds one open for the seed."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return list(self.app(environ, start_response))


def _operations(schema):
    ops = [result.ok() for result in schema.get_all_operations()]
    return sorted(ops, key=lambda op: (ORDER.get(op.method.upper(), 1), op.path, op.method))


def _strategy(operation):
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    try:
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    except Exception:  # noqa: BLE001  (nothing to negate, e.g. no parameters)
        pass
    return st.one_of(strategies)


@pytest.mark.parametrize("role", ["anonymous", "exhibitor", "checkin", "organizer"])
def test_api_survives_fuzzing(app, world, role):  # noqa: F811
    from techfest.core.extensions import limiter

    users, tokens, values = world
    values = {k: str(v) for k, v in values.items()}
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", FreshContext(app))
    failures: list[str] = []

    limiter.enabled = False  # rate limits answer 429 to a fuzzer by design; tested elsewhere
    try:
        for operation in _operations(schema):
            strategy = _strategy(operation)

            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
                      report_multiple_bugs=False)
            @given(data=st.data())
            def run(data):
                case = data.draw(strategy)
                for name in list(case.path_parameters or {}):
                    if name in values and data.draw(st.booleans(), label=f"real {name}"):
                        case.path_parameters[name] = values[name]
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (collected, reported below)
                failures.append(f"{operation.method.upper()} {operation.path} as {role}:\n{exc}")
    finally:
        limiter.enabled = True
    assert not failures, f"{len(failures)} operation(s) failed:\n\n" + "\n\n".join(failures)
