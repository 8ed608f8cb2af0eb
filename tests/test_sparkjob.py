"""The Spark archive job: one row per record, the API's answers, bad records as problem rows, one load per worker.

The fast tests call the job's partition function directly (no Spark needed); the slow test runs the whole job
in Spark local mode (local[2]) and skips, saying why, where pyspark or Java is missing (CI installs both).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil

import pytest

from schemas.requests import ExtractRequestSchema
from schemas.responses import ExtractResponseSchema
from service import sparkjob
from service.articles import load_article
from service.extract import extract
from tests.helpers import ROOT, SEEDS, break_extraction

GOOD = "Der Kanzler traf den Präsidenten am Montag in Paris."
BAD_LINES = [
    "{broken",  # malformed JSON: 400
    json.dumps(["not", "an", "object"]),  # 422 at the root
    json.dumps({"text": "   ", "id": "blank"}),  # 422 /text
    json.dumps({"text": GOOD, "id": "extra", "unknown": 1}),  # 422 /unknown
    json.dumps({"text": GOOD, "published_at": "gestern", "id": "bad-date"}),  # 422 /published_at
    json.dumps({"text": "The minister said on Monday that the talks in Paris would go on next week.", "id": "en"}),
]


def generated_articles(n: int, seed: int = 18) -> list[dict]:
    """Short German news articles of varying actors, places and dates, with a publication date each."""
    rng = random.Random(seed)
    people = ["Bundeskanzler Friedrich Merz", "Außenministerin Annalena Baerbock", "Präsident Emmanuel Macron",
              "Kremlchef Wladimir Putin", "Nato-Generalsekretär Mark Rutte"]  # fmt: skip
    places = ["Berlin", "Paris", "Brüssel", "Warschau", "Kiew"]
    verbs = ["traf am Mittwoch", "kritisierte am Dienstag scharf", "telefonierte am Montag mit", "drohte gestern"]
    out = []
    for i in range(n):
        a, b = rng.sample(people, 2)
        place, verb = rng.choice(places), rng.choice(verbs)
        day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(300))
        text = (
            f"{place} – {a} {verb} {b}. Die Gespräche in {place} sollen im März fortgesetzt werden, "
            f"sagte ein Sprecher. {b} wies die Vorwürfe zurück und sprach von einem schlechten Signal. "
            f"Demonstranten protestierten am Abend vor dem Kanzleramt gegen die Pläne der Regierung."
        )
        out.append({"id": f"gen-{i}", "text": text, "published_at": day.isoformat()})
    return out


def archive_lines() -> list[str]:
    """The seeds, a few generated articles and the bad records, as one JSON Lines archive (a blank line too)."""
    good = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEEDS] + generated_articles(3)
    lines = [json.dumps(g, ensure_ascii=False) for g in good]
    return lines[:3] + BAD_LINES[:3] + [""] + lines[3:] + BAD_LINES[3:]


def api_answer(client, line: str) -> tuple[int, dict]:
    """What POST /v1/extract answers for this line as its body (the request id dropped)."""
    response = client.post("/v1/extract", data=line.encode("utf-8"), content_type="application/json")
    body = response.get_json()
    body.pop("request_id", None)
    return response.status_code, body


def check_rows_against_api(rows: list[dict], lines: list[str], client, nlp) -> None:
    """Each row answers the non-blank line at its position as the HTTP API and extract() do."""
    expected = [(i, line) for i, line in enumerate(lines) if line.strip()]
    assert [r["record"] for r in rows] == [i for i, _ in expected]
    dump = ExtractResponseSchema().dump
    for row, (_, line) in zip(rows, expected, strict=True):
        status, body = api_answer(client, line)
        assert row["status"] == status, (line[:60], row)
        if status == 200:
            response = json.loads(row["response"])
            assert response == body
            article = load_article(json.loads(line), ExtractRequestSchema())
            assert response == dump(extract(nlp, article))
            assert row["id"] == body["id"] and row["n_events"] == len(body["events"]) > 0
            assert row["problem"] is None
        else:
            problem = json.loads(row["problem"])
            assert row["response"] is None and row["n_events"] is None
            if status == 400:  # the API says "body", the job "line": the same kind of problem
                assert {k: problem[k] for k in ("type", "title", "status")} == {
                    k: body[k] for k in ("type", "title", "status")
                }
            else:
                assert problem == body
            payload = json.loads(line) if status != 400 else None
            given = payload.get("id") if isinstance(payload, dict) else None
            assert row["id"] == given


def partition_rows(lines: list[str], **kwargs) -> list[dict]:
    records = [(i, line) for i, line in enumerate(lines) if line.strip()]
    return [dict(zip(sparkjob.COLUMNS, row, strict=True)) for row in sparkjob.extract_partition(records, **kwargs)]


class Counter:
    """Stands in for a Spark accumulator."""

    def __init__(self) -> None:
        self.value = 0

    def add(self, n: int) -> None:
        self.value += n


# ---------------------------------------------------------------- the partition function, without Spark


def test_partition_rows_answer_like_the_api(nlp, client, monkeypatch):
    monkeypatch.setitem(sparkjob._PIPELINES, None, nlp)
    lines = archive_lines()
    rows = partition_rows(lines, chunk_size=4)
    check_rows_against_api(rows, lines, client, nlp)
    assert sum(r["status"] == 200 for r in rows) == len(SEEDS) + 3
    assert sorted(r["status"] for r in rows if r["status"] != 200) == [400, 422, 422, 422, 422, 422]


def test_the_pipeline_loads_once_per_process_not_per_partition(nlp, monkeypatch):
    from service.nlp import pipeline as pipeline_module

    calls = []
    monkeypatch.setattr(pipeline_module, "load_pipeline", lambda model=None: calls.append(model) or nlp)
    monkeypatch.setattr(sparkjob, "_PIPELINES", {})
    loads = Counter()
    line = json.dumps({"text": GOOD})
    for _ in range(3):  # three partitions in one reused worker process
        assert [r[2] for r in sparkjob.extract_partition([(0, line), (1, line)], model="m", loads=loads)] == [200, 200]
    assert calls == ["m"] and loads.value == 1
    assert list(sparkjob.extract_partition([], model="other", loads=loads)) == []  # an empty partition loads nothing
    assert calls == ["m"]


def test_a_failing_article_is_a_500_row_and_the_others_survive(nlp, monkeypatch):
    break_extraction(monkeypatch)
    monkeypatch.setitem(sparkjob._PIPELINES, None, nlp)
    lines = [
        json.dumps({"text": GOOD, "id": "a"}),
        json.dumps({"text": "Kaputt ist es.", "id": "b"}),
        json.dumps({"text": GOOD}),
    ]
    rows = partition_rows(lines)
    assert [(r["record"], r["id"], r["status"]) for r in rows] == [(0, "a", 200), (1, "b", 500), (2, None, 200)]
    problem = json.loads(rows[1]["problem"])
    assert problem["status"] == 500 and problem["type"].endswith(":internal") and "boom" not in rows[1]["problem"]


def test_parquet_rows_become_requests_of_the_api_shape():
    row = {"id": "7", "text": "Text", "published_at": dt.datetime(2026, 2, 5, 10, 30), "language": None}
    assert sparkjob.payload_of_row(row) == {"id": "7", "text": "Text", "published_at": "2026-02-05T10:30:00"}
    assert sparkjob.payload_of_row({"text": None, "published_at": dt.date(2026, 2, 5)}) == {
        "published_at": "2026-02-05"
    }
    assert sparkjob.payload_of_row({"text": "T", "title": "not a request field"}) == {"text": "T"}


def test_input_format_follows_the_name():
    assert sparkjob.input_format("s3a://b/archive.parquet/") == "parquet"
    assert sparkjob.input_format("/data/part-0.pq") == "parquet"
    assert sparkjob.input_format("/data/archive.jsonl") == "jsonl"
    assert sparkjob.input_format("/data/2026-*.json") == "jsonl"


def test_the_service_runtime_stays_without_spark():
    for name in ("requirements.txt", "Dockerfile"):
        assert "spark" not in (ROOT / name).read_text(encoding="utf-8").lower(), name
    pins = [line for line in (ROOT / "requirements-spark.txt").read_text().splitlines() if line.startswith("pyspark")]
    assert pins and all("==" in p for p in pins)


def test_the_command_line_names_the_spark_command(capsys):
    from service.__main__ import main

    assert main(["nothing"]) == 2
    assert "spark" in capsys.readouterr().err


# ---------------------------------------------------------------- the whole job in Spark local mode


def spark_or_skip():
    """pyspark and a Java runtime, or a skip that says which is missing (in CI: a failure, CI must run this)."""
    problem = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        problem = "pyspark is not installed (make spark installs requirements-spark.txt)"
    if problem is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        problem = "no Java runtime on PATH or in JAVA_HOME (Spark needs Java 17 or 21)"
    if problem and os.environ.get("CI"):
        pytest.fail(problem)
    if problem:
        pytest.skip(problem)


@pytest.fixture(scope="module")
def spark():
    spark_or_skip()
    session = sparkjob.session("local[2]", app_name="news-events-test")
    yield session
    session.stop()


def read_rows(spark, path) -> list[dict]:
    return [r.asDict() for r in spark.read.parquet(str(path)).orderBy("record").collect()]


@pytest.mark.slow
def test_spark_job_local_mode_answers_every_record_like_the_api(spark, nlp, client, tmp_path):
    lines = archive_lines()
    source = tmp_path / "archive.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = sparkjob.run(spark, str(source), str(tmp_path / "events.parquet"), partitions=6, chunk_size=2)
    rows = read_rows(spark, tmp_path / "events.parquet")
    assert len(rows) == report["records"] == sum(1 for line in lines if line.strip())
    assert report["by_status"] == {200: len(SEEDS) + 3, 400: 1, 422: 5}
    check_rows_against_api(rows, lines, client, nlp)
    # local[2] runs two Python workers at a time; reused, each loads the pipeline once, not once per partition.
    assert report["partitions"] == 6 and 1 <= report["pipeline_loads"] <= 3


@pytest.mark.slow
def test_spark_job_reads_parquet_by_its_columns(spark, nlp, client, tmp_path):
    from pyspark.sql.types import DateType, LongType, StringType, StructField, StructType

    schema = StructType([StructField("id", LongType()), StructField("text", StringType()),
                         StructField("published_at", DateType()), StructField("title", StringType())])  # fmt: skip
    seed = SEEDS[1].read_text(encoding="utf-8")
    data = [(7, seed, dt.date(2026, 2, 12), "a title"), (8, None, None, "no text"), (9, GOOD, None, None)]
    spark.createDataFrame(data, schema).coalesce(1).write.parquet(str(tmp_path / "archive.parquet"))
    report = sparkjob.run(spark, str(tmp_path / "archive.parquet"), str(tmp_path / "out"), partitions=2)
    rows = read_rows(spark, tmp_path / "out")
    assert [(r["record"], r["id"], r["status"]) for r in rows] == [(0, "7", 200), (1, "8", 422), (2, "9", 200)]
    assert report["by_status"] == {200: 2, 422: 1}
    status, body = api_answer(client, json.dumps({"id": "7", "text": seed, "published_at": "2026-02-12"}))
    assert status == 200 and json.loads(rows[0]["response"]) == body
    assert body["reference_date"] == {"value": "2026-02-12", "source": "request"}
    _, missing = api_answer(client, json.dumps({"id": "8"}))
    assert json.loads(rows[1]["problem"]) == missing and missing["errors"][0]["pointer"] == "/text"
