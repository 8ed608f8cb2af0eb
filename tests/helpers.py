"""Helpers shared by the tests: the seed corpus and the response contract."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SHARED = ROOT.parent / "shared"


@cache
def openapi() -> dict:
    return yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def spans(obj):
    """Every {text, start, end} object anywhere in a response."""
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and "text" in obj:
            yield obj
        for value in obj.values():
            yield from spans(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from spans(item)


def break_extraction(monkeypatch) -> None:
    """extract() fails on an article that says "Kaputt" and extract_many() always: the fallback paths must carry
    every other article through."""
    from service import extract as extraction

    real = extraction.extract

    def flaky(nlp, article, deadline=None):
        if "Kaputt" in article.text:
            raise RuntimeError("boom")
        return real(nlp, article, deadline)

    def failing_many(nlp, articles, batch_size=8):
        raise RuntimeError("batch failed")

    monkeypatch.setattr(extraction, "extract", flaky)
    monkeypatch.setattr(extraction, "extract_many", failing_many)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a hand-written test table: tab-separated with a header, `#` lines and blank lines skipped."""
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
