"""What every way in shares: reading a JSON body or line, validating an article, and the one way an article goes
through the pipeline, with its outcome as an answer or as its own problem.

The API (/v1/extract and each document of /v1/extract/batch), the archive command (service/batch.py) and the Spark
job (service/sparkjob.py, through batch.answer) all validate with `load_article` and run with `run` (or `run_all`,
whose fallback is `run`), so an archive accepts, refuses and fails exactly as the API does, with the same problems.
No Flask here: the API adds the request id and turns outcomes into responses, the archive paths into lines or rows.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass

from marshmallow import ValidationError
from spacy.language import Language

from schemas.requests import UNSUPPORTED_LANGUAGE, ExtractRequestSchema, pointer_errors
from schemas.responses import ExtractResponseSchema

from . import extract as extraction
from .errors import Problem, validation_problem
from .extract import Article, Deadline, OutOfTime
from .nlp import langid

log = logging.getLogger(__name__)
response_schema = ExtractResponseSchema()
# Seconds after which a document that ran out of time may be sent again.
RETRY_AFTER = 5
# One article in the pipeline at a time per process: spaCy's memory zones and string store are not thread-safe,
# and the threads of a gunicorn worker share one pipeline. Reading, validation and language checks run outside it.
_PIPELINE = threading.Lock()


def parse_json(raw: bytes | str) -> object:
    """The JSON value of a body or line, or a 400 problem: malformed, not UTF-8, or nested too deeply to read."""
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise Problem(
            400, "Malformed JSON", "The JSON is nested too deeply to be read.", slug="malformed-json"
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise Problem(400, "Malformed JSON", f"The body is not valid JSON: {exc}", slug="malformed-json") from exc


def load_article(payload: object, schema: ExtractRequestSchema, prefix: str = "") -> Article:
    """Validate one article (errors point into the submitted document); 422 unless the text is German."""
    if not isinstance(payload, dict):
        raise validation_problem([{"pointer": prefix, "detail": "Expected a JSON object."}])
    try:
        data = schema.load(payload)
    except ValidationError as exc:
        raise validation_problem(pointer_errors(exc.messages, prefix)) from exc
    language = data["language"]
    if language is None:
        detected = langid.detect(data["text"])
        if detected != langid.GERMAN:
            looks = f"The text looks like {detected!r}." if detected else "The text shows no clear German."
            detail = f'{looks} {UNSUPPORTED_LANGUAGE} Send "language": "de" to have it analysed as German anyway.'
            raise Problem(
                422,
                "Unsupported language",
                detail,
                [{"pointer": prefix + "/text", "detail": looks + " " + UNSUPPORTED_LANGUAGE}],
                slug="unsupported-language",
            )
        language = detected
    return Article(data["text"], data["published_at"], language, data["id"])


@dataclass(frozen=True)
class Outcome:
    """One article's answer (status 200, `result`) or its own problem (500 failed, 503 out of time)."""

    status: int
    result: dict | None = None
    problem: Problem | None = None

    def as_answer(self, request_id: str | None = None) -> dict:
        """{"status", "result"} or {"status", "problem"}: the shape every batch result, line and row is made of."""
        if self.problem is not None:
            return {"status": self.status, "problem": self.problem.to_dict(request_id)}
        return {"status": self.status, "result": self.result}

    def as_item(self, key: str, value: int, request_id: str | None = None) -> dict:
        """The article's slot in a batch answer ({"index": ...}) or a batch command line ({"line": ...})."""
        return {key: value, **self.as_answer(request_id)}


def out_of_time(deadline: Deadline, started: bool) -> Problem:
    """The retryable problem of an article the time budget did not reach or did not let finish."""
    what = "did not finish" if started else "was not started"
    detail = (
        f"The analysis {what} within the time budget of {deadline.seconds:g} s for this request. "
        "Send the document again (alone, or in a smaller batch); a text that alone takes longer needs splitting."
    )
    return Problem(503, "Out of time", detail, slug="out-of-time", retry_after=RETRY_AFTER)


def run(nlp: Language, article: Article, deadline: Deadline | None = None, request_id: str | None = None) -> Outcome:
    """The one way an article goes through the pipeline: its answer, or a problem that never hides the others."""
    if deadline is None:
        _PIPELINE.acquire()
    elif deadline.remaining() <= 0 or not _PIPELINE.acquire(timeout=max(0.0, deadline.remaining())):
        return Outcome(503, problem=out_of_time(deadline, started=False))
    try:
        return Outcome(200, result=response_schema.dump(extraction.extract(nlp, article, deadline)))
    except OutOfTime:
        log.warning("request %s: the time budget ran out during an article of %d characters", request_id,
                    len(article.text))  # fmt: skip
        return Outcome(503, problem=out_of_time(deadline, started=True))
    except Exception:  # noqa: BLE001 - this article's own 500; the traceback is logged under the request id
        log.exception("request %s: extraction failed on an article of %d characters", request_id, len(article.text))
        detail = "Extraction failed for this document; it has been logged under the request id."
        return Outcome(500, problem=Problem(500, "Internal Server Error", detail, slug="internal"))
    finally:
        _PIPELINE.release()


def run_all(nlp: Language, articles: list[Article], batch_size: int = 8) -> list[Outcome]:
    """Outcomes for articles without a time budget (archives): one nlp.pipe pass, about 1.1x faster than one by one;
    if the pass raises, each article goes alone through `run`, so a failure is that article's own 500."""
    if not articles:
        return []
    try:
        with _PIPELINE:
            results = extraction.extract_many(nlp, articles, batch_size)
        return [Outcome(200, result=response_schema.dump(result)) for result in results]
    except Exception:  # noqa: BLE001 - logged; the articles are retried one by one below, never lost
        log.exception("an nlp.pipe pass over %d articles failed; running them one by one", len(articles))
    return [run(nlp, article) for article in articles]
