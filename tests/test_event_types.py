"""Trigger coverage per PLOVER type and look-alikes, on sentences written for these tests (tests/data/events/)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from service.extract import Article, extract

DATA = Path(__file__).resolve().parent / "data" / "events"
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "AID", "COOPERATE", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT",
)  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


TYPED = _rows("types.tsv")
NOT_EVENTS = _rows("not_events.tsv")


def _events(nlp, text: str) -> list[dict]:
    return extract(nlp, Article(text, dt.date(2025, 3, 5)))["events"]


def _overlap(text: str, word: str, trigger: dict) -> bool:
    start = text.find(word)
    return start >= 0 and trigger["start"] < start + len(word) and start < trigger["end"]


def test_every_type_has_enough_sentences():
    counts = Counter(row["type"] for row in TYPED)
    assert set(counts) == set(TYPES)
    assert min(counts.values()) >= 6 and sum(counts.values()) >= 150
    assert len(NOT_EVENTS) >= 40


@pytest.mark.parametrize("row", TYPED, ids=lambda r: f"{r['type']}:{r['trigger']}")
def test_the_sentence_reports_an_event_of_its_type(nlp, row):
    events = _events(nlp, row["sentence"])
    found = [(e["type"], e["trigger"]["text"]) for e in events]
    hit = [e for e in events if e["type"] == row["type"] and _overlap(row["sentence"], row["trigger"], e["trigger"])]
    assert hit, found


@pytest.mark.parametrize("row", NOT_EVENTS, ids=lambda r: r["word"])
def test_a_look_alike_is_no_trigger(nlp, row):
    events = _events(nlp, row["sentence"])
    assert not any(_overlap(row["sentence"], row["word"], e["trigger"]) for e in events), [
        (e["type"], e["trigger"]["text"]) for e in events
    ]
