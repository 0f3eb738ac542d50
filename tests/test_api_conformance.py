"""The JSON API against its own OpenAPI document, checked by schemathesis in process (ASGI, no network).

schemathesis sends every operation generated requests, valid and invalid,
through its coverage, fuzzing and stateful phases, and runs all its checks on
each answer: no server error (ST101), every status documented (ST103), every
body matching its documented schema (ST108), valid requests accepted (ST202)
and invalid ones refused (ST201), 405 with a true ``Allow`` (ST204/ST205).
Examples are bounded and the seed fixed, so the run is short and repeatable.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.engine import events, from_schema

from tests.fixtures.dashboard.corpus import build_annotated_store
from whosaid.serve import create_app

MAX_EXAMPLES = 25
SEED = 11


def date_window_is_open(ctx, query) -> bool:
    """date_from after date_to is a rule the document states in words only (a 422 names it); not sent as valid."""
    start, end = (query or {}).get("date_from"), (query or {}).get("date_to")
    return not (isinstance(start, str) and isinstance(end, str) and start.strip() and end.strip() and start > end)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, nlp):
    from whosaid import Engine

    store = build_annotated_store(tmp_path_factory.mktemp("conformance") / "news.duckdb")
    # Writable, with the real engine: POST /api/analyze analyses and stores what it is sent.
    app = create_app(store, engine_factory=lambda pipeline: Engine(nlp=nlp), allowed_hosts=["testserver"])
    config = schemathesis.Config.from_dict({"seed": SEED, "generation": {"max-examples": MAX_EXAMPLES}})
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    schema.hook("filter_query")(date_window_is_open)
    return schema


def test_the_api_answers_as_its_openapi_document_says(api_schema):
    failures, errors, answered = {}, [], set()
    for event in from_schema(api_schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            answered.add(event.recorder.label)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        key = f"{event.recorder.label}: {failure.code} {failure.title}"
                        failures.setdefault(key, f"{failure.message}\n{check.failure_info.code_sample}")
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    assert not errors, errors
    assert not failures, "\n\n".join(f"{key}\n{detail}" for key, detail in failures.items())
    operations = {f"{method.upper()} {path}" for path, methods in api_schema.raw_schema["paths"].items() for method in methods}
    assert operations <= answered, f"operations never exercised: {operations - answered}"
