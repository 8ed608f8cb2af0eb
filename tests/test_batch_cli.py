"""The archive command: JSON Lines in and out, in order, one answer per line, bad lines never stop the run."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from service import batch
from tests.helpers import ROOT, SEEDS, break_extraction, spans

GOOD = "Der Kanzler traf den Präsidenten am Montag in Paris."
LINES = [
    json.dumps({"text": GOOD, "id": "a", "published_at": "2026-02-05"}, ensure_ascii=False),
    "{broken",
    json.dumps([1, 2]),
    json.dumps({"text": "   "}),
    json.dumps({"text": GOOD, "language": "fr"}),
    '{"text": "lone \\ud800 surrogate"}',
    json.dumps({"text": SEEDS[0].read_text(encoding="utf-8"), "id": "seed"}, ensure_ascii=False),
    json.dumps({"text": GOOD, "unknown": 1}),
]
EXPECTED = [200, 400, 422, 422, 422, 422, 200, 422]


def check(output: str, inputs: list[str], expected: list[int]) -> None:
    rows = [json.loads(line) for line in output.splitlines()]
    assert [r["line"] for r in rows] == list(range(1, len(inputs) + 1))
    assert [r["status"] for r in rows] == expected
    for row, line in zip(rows, inputs, strict=True):
        if row["status"] == 200:
            text = json.loads(line)["text"]
            assert all(text[s["start"] : s["end"]] == s["text"] for s in spans(row["result"]))
        else:
            problem = row["problem"]
            assert problem["status"] == row["status"] and problem["title"] and problem["type"]


def test_every_line_gets_its_answer_in_order(nlp):
    sink = io.StringIO()
    counts = batch.run(io.StringIO("\n".join(LINES) + "\n\n"), sink, nlp=nlp, progress=False, chunk_size=3)
    check(sink.getvalue(), LINES, EXPECTED)
    assert counts == {200: 2, 400: 1, 422: 5}
    row = json.loads(sink.getvalue().splitlines()[0])
    assert row["result"]["id"] == "a" and row["result"]["reference_date"]["source"] == "request"


def test_empty_input_gives_empty_output(nlp):
    sink = io.StringIO()
    assert batch.run(io.StringIO(""), sink, nlp=nlp, progress=False) == {}
    assert sink.getvalue() == ""


def test_a_failing_article_gets_a_500_line_and_the_others_go_on(nlp, monkeypatch):
    break_extraction(monkeypatch)
    inputs = [json.dumps({"text": GOOD}), json.dumps({"text": "Kaputt ist der Text."}), json.dumps({"text": GOOD})]
    sink = io.StringIO()
    batch.run(io.StringIO("\n".join(inputs)), sink, nlp=nlp, progress=False)
    check(sink.getvalue(), inputs, [200, 500, 200])
    assert "boom" not in sink.getvalue()


@pytest.mark.parametrize("processes", [2])
def test_command_line_with_processes(tmp_path, processes):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inputs = LINES * 3
    source.write_text("\n".join(inputs) + "\n", encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "service", "batch", str(source), str(target), "--processes", str(processes)]
    done = subprocess.run(
        command + ["--chunk-size", "2"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    check(target.read_text(encoding="utf-8"), inputs, EXPECTED * 3)
    summary = json.loads(done.stderr.strip().splitlines()[-1])
    assert summary == {"lines": len(inputs), "by_status": {"200": 6, "400": 3, "422": 15}}


def test_unknown_command_prints_usage():
    done = subprocess.run([sys.executable, "-m", "service"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "batch" in done.stderr
