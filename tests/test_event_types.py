"""The trigger lexicon on hand-written German news sentences, through the whole service (service.extract).

tests/data/events/types.tsv: for every PLOVER type at least ten sentences in varied phrasing (verb, separable
verb split across the clause, passive, perfect, noun, light-verb phrase); some event of the row's type has a
trigger that overlaps the row's trigger. tests/data/events/not_events.tsv: look-alikes (compounds, derived person
nouns, homographs, figurative uses) that no event's trigger may overlap. Rows the matching code cannot express yet
wait in types_pending.tsv with the reason; they are not tested.
"""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pytest

from service.extract import Article, extract

DATA = Path(__file__).parent / "data" / "events"
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "AID", "COOPERATE", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT",
)  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


TYPE_ROWS = _rows("types.tsv")
NOT_EVENT_ROWS = _rows("not_events.tsv")


@pytest.fixture(scope="module")
def events_of(nlp):
    """The events the service answers for a sentence, each sentence analysed once."""
    cache: dict[str, list[dict]] = {}

    def run(text: str) -> list[dict]:
        if text not in cache:
            cache[text] = extract(nlp, Article(text))["events"]
        return cache[text]

    return run


def _overlaps(event: dict, start: int, end: int) -> bool:
    return event["trigger"]["start"] < end and start < event["trigger"]["end"]


def _describe(events: list[dict]) -> list[tuple[str, str]]:
    return [(e["type"], e["trigger"]["text"]) for e in events]


def test_every_type_has_ten_sentences_with_verbatim_triggers():
    counts = collections.Counter(row["type"] for row in TYPE_ROWS)
    assert set(counts) == set(TYPES)
    assert min(counts.values()) >= 10
    assert all(row["trigger"] in row["sentence"] for row in TYPE_ROWS)
    assert len(NOT_EVENT_ROWS) >= 40
    assert all(row["word"] in row["sentence"] for row in NOT_EVENT_ROWS)


@pytest.mark.parametrize("row", TYPE_ROWS, ids=lambda r: f"{r['type']}:{r['trigger']}:{r['sentence'][:40]}")
def test_sentence_has_an_event_of_its_type_at_its_trigger(events_of, row):
    events = events_of(row["sentence"])
    start = row["sentence"].index(row["trigger"])
    end = start + len(row["trigger"])
    hits = [e for e in events if e["type"] == row["type"] and _overlaps(e, start, end)]
    assert hits, f"no {row['type']} at {row['trigger']!r}: {_describe(events)}"


@pytest.mark.parametrize("row", NOT_EVENT_ROWS, ids=lambda r: f"{r['word']}:{r['sentence'][:40]}")
def test_look_alike_is_no_trigger(events_of, row):
    events = events_of(row["sentence"])
    start = row["sentence"].index(row["word"])
    end = start + len(row["word"])
    assert not [e for e in events if _overlaps(e, start, end)], _describe(events)
