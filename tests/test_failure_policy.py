"""No silent failures: a pipeline component that raises is logged, recorded on the Doc, and the answer names the
parts it leaves short in `incomplete`; the rest of the answer and the other documents of a batch stay whole."""

from __future__ import annotations

import logging

import pytest

from service.nlp import component as policy
from tests.helpers import ROOT

MARK = "\u202e"  # the issue's trigger: the component raises on any text with U+202E
TEXT = (
    "Bundeskanzler Friedrich Merz hat am Mittwoch in Berlin den französischen Präsidenten Emmanuel Macron "
    "getroffen. Die Opposition kritisierte das Treffen scharf. „Das ist ein schlechtes Signal“, sagte Lindner."
)


def breaking(original):
    """`original`, except that it raises on a text with the mark (as in the issue)."""

    def step(doc, *args, **kwargs):
        if MARK in doc.text:
            raise RuntimeError("component broken on purpose")
        return original(doc, *args, **kwargs)

    return step


def break_component(nlp, monkeypatch, name: str) -> None:
    """Make one of the pipeline's own components raise on a marked text, through the attribute its pipe calls."""
    proc = nlp.get_pipe(name)
    if isinstance(proc, policy.ListComponent):
        monkeypatch.setattr(proc, "find", breaking(proc.find))
    elif name == "news_temporal":
        monkeypatch.setattr(proc.tagger, "tag", breaking(proc.tagger.tag))
    elif name == "news_entity_ruler":
        monkeypatch.setattr(proc, "_annotate", breaking(proc._annotate))
    elif name == "news_entity_filter":
        monkeypatch.setattr(proc, "keep", lambda ent: breaking(lambda doc: True)(ent.doc))
    elif name == "news_events":
        import service.nlp.events.component as events

        monkeypatch.setattr(events, "extract", breaking(events.extract))
    else:
        raise AssertionError(f"no way to break {name}")


POLICY_COMPONENTS = [
    "news_entity_ruler",
    "news_entity_filter",
    "news_temporal",
    "news_actors",
    "news_places",
    "news_quotes",
    "news_events",
    "news_stance",
]


def test_every_project_component_has_its_parts_declared(nlp):
    own = [name for name in nlp.pipe_names if name.startswith("news_")]
    assert set(own) <= set(policy.AFFECTS)
    assert set(POLICY_COMPONENTS) == set(own)
    for parts in policy.AFFECTS.values():
        assert set(parts) <= set(policy.PARTS)


@pytest.mark.component_errors
@pytest.mark.parametrize("name", POLICY_COMPONENTS)
def test_a_failing_component_is_named_in_incomplete(client, nlp, monkeypatch, no_component_errors, name):
    if name not in nlp.pipe_names:
        pytest.skip(f"{name} is not in this pipeline")
    break_component(nlp, monkeypatch, name)
    response = client.post("/v1/extract", json={"text": TEXT + " " + MARK, "language": "de"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["incomplete"] == [p for p in policy.PARTS if p in policy.AFFECTS[name]]
    # logged once, with its traceback, naming the component
    (record,) = no_component_errors.records
    assert name in record.getMessage() and record.exc_info is not None
    # the same text without the mark is complete: the failure belongs to one document
    whole = client.post("/v1/extract", json={"text": TEXT, "language": "de"}).get_json()
    assert whole["incomplete"] == [] and whole["events"] and whole["actors"]


@pytest.mark.component_errors
def test_the_issue_case_actors_failing_is_no_complete_looking_200(client, nlp, monkeypatch):
    break_component(nlp, monkeypatch, "news_actors")
    body = client.post("/v1/extract", json={"text": TEXT + MARK, "language": "de"}).get_json()
    assert body["actors"] == []
    assert "actors" in body["incomplete"] and "events" in body["incomplete"]
    # what did not fail is still there
    assert body["times"]


@pytest.mark.component_errors
def test_in_a_batch_only_the_broken_document_is_incomplete(client, nlp, monkeypatch):
    break_component(nlp, monkeypatch, "news_stance")
    documents = [{"text": TEXT}, {"text": TEXT + MARK}, {"text": TEXT}]
    results = client.post("/v1/extract/batch", json={"documents": documents}).get_json()["results"]
    assert [r["status"] for r in results] == [200, 200, 200]
    assert [r["result"]["incomplete"] for r in results] == [[], ["events", "stances"], []]


@pytest.mark.component_errors
def test_guarded_returns_the_fallback_records_once_and_logs_the_traceback(nlp, no_component_errors):
    doc = nlp.make_doc("Ein Text.")

    def fails():
        raise ValueError("inside")

    assert policy.guarded(doc, "news_places", fails, ["fallback"]) == ["fallback"]
    assert policy.guarded(doc, "news_places", fails, []) == []
    assert policy.guarded(doc, "news_temporal", lambda: [1], []) == [1]
    assert policy.failed_components(doc) == ["news_places"]
    assert policy.incomplete_parts(doc) == ["events", "places"]
    assert len(no_component_errors.records) == 2
    assert all(r.levelno == logging.ERROR and r.exc_info for r in no_component_errors.records)


def test_an_unknown_component_marks_every_part(nlp, caplog):
    doc = nlp.make_doc("Ein Text.")
    doc.user_data[policy.FAILED_KEY] = ["someone_elses_component"]
    assert policy.incomplete_parts(doc) == list(policy.PARTS)


@pytest.mark.component_errors  # the inner session runs in this process: its records reach this test's fixture too
def test_the_autouse_fixture_fails_a_test_that_logs_a_component_error(pytester):
    pytester.syspathinsert(str(ROOT))
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    component_errors: allowed\n")
    pytester.makepyfile(
        test_inner="""
import logging

import pytest


def test_a_component_error():
    logging.getLogger("service.nlp.actors").error("news_actors failed")


@pytest.mark.component_errors
def test_an_allowed_one(no_component_errors):
    logging.getLogger("service.nlp.component").error("component news_places failed")
    assert len(no_component_errors.records) == 1


def test_other_loggers_do_not_count():
    logging.getLogger("service.api").error("not a component")
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*a pipeline component logged 1 error(s): service.nlp.actors: news_actors failed*"])


LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "record_failure"}
# `except` blocks that neither log nor raise, in files outside issue 17's reach (owned by other work at the time):
# parse fallbacks (a candidate that is no date), skipped malformed data rows and unreadable seed files.
# Each should log; the count makes a new silent one fail this test.
NOT_YET_LOGGING = {
    "service/nlp/temporal/calendar.py": 2,
    "service/nlp/temporal/tagger.py": 1,  # also swallows KeyError and TypeError from the resolver: worth a log line
    "service/nlp/events/anchoring.py": 2,
    "service/nlp/actor_lexicon.py": 1,
    "service/nlp/polarity.py": 1,
    "service/nlp/data/places/build_gazetteer.py": 1,
    "service/web.py": 1,
}


def _logs_or_raises(handler) -> bool:
    import ast

    for node in ast.walk(handler):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in LOG_CALLS:
                return True
    return False


def test_every_except_in_the_service_logs_or_raises():
    import ast

    silent: dict[str, list[int]] = {}
    for path in sorted((ROOT / "service").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and not _logs_or_raises(node):
                silent.setdefault(str(path.relative_to(ROOT)), []).append(node.lineno)
    assert {name: len(lines) for name, lines in silent.items()} == NOT_YET_LOGGING, silent
