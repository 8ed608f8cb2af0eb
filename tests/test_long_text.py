"""Long texts: extract() takes a 100,000-character article, and the per-Doc indexes that keep the components linear
give the same answers as a plain scan over every mention and sentence (no timing here: figures go in the report)."""

from __future__ import annotations

import re

import pytest

from service.extract import Article, extract
from service.nlp import pipeline, records
from service.nlp.actors import actor_at
from service.nlp.quotes import _quote_spans, attributions, speaker_at
from tests.helpers import SEEDS, spans


def _bodies() -> list[str]:
    return [re.sub(r"^\s{0,3}date\s+\S+\s*", "", p.read_text(encoding="utf-8"), count=1) for p in SEEDS]


def _long_text(n_chars: int) -> str:
    pool = "\n\n".join(_bodies())
    while len(pool) < n_chars:
        pool = pool + "\n\n" + pool
    return pool[:n_chars]


def test_a_100000_character_article_goes_through_extract(nlp):
    text = _long_text(100_000)
    out = extract(nlp, Article(text))
    assert out["events"] and out["actors"]
    for span in spans(out):
        assert text[span["start"] : span["end"]] == span["text"]
    # the repeated seeds repeat their events: a long text loses none of them to a cut-off
    short = extract(nlp, Article(_long_text(10_000)))
    assert len(out["events"]) >= 5 * len(short["events"])


def test_extract_twice_on_one_text_gives_the_same_answer(nlp):
    # the components cache indexes on the Doc; a second run builds a new Doc and must not see stale ones
    text = "\n\n".join(_bodies()[:2])
    assert extract(nlp, Article(text)) == extract(nlp, Article(text))


def _actor_at_by_scan(doc, start: int, end: int):
    best, best_key = None, (0, 0)
    for actor in records.get(doc, "actors"):
        for m in actor.mentions:
            ov = min(end, m.end) - max(start, m.start)
            if ov > 0 and (ov, actor.type == "PERSON") > best_key:
                best, best_key = (actor.id, m), (ov, actor.type == "PERSON")
    return best


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_indexed_actor_at_matches_a_scan_of_every_mention(nlp, path):
    doc = pipeline.analyze(nlp, path.read_text(encoding="utf-8"))
    probes = [(t.idx, t.idx + len(t.text)) for t in doc]
    probes += [(t.idx, t.idx + len(t.text) + 12) for t in doc] + [(0, 0), (5, 2), (len(doc.text), len(doc.text) + 3)]
    for start, end in probes:
        assert actor_at(doc, start, end) == _actor_at_by_scan(doc, start, end)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_speaker_at_by_bisection_matches_a_scan_of_every_sentence(nlp, path):
    doc = pipeline.analyze(nlp, path.read_text(encoding="utf-8"))
    atts = attributions(doc)
    for char in range(0, len(doc.text) + 2):
        expected = None
        for att in atts:
            lo, hi = att.sent
            if hi > lo and doc[lo].idx <= char < doc[hi - 1].idx + len(doc[hi - 1]) + 1:
                expected = (att.speaker, att.mention) if att.speaker and att.mention else None
                break
        assert speaker_at(doc, char) == expected


@pytest.mark.parametrize(
    "text",
    ["„a“ „b“", "„nie geschlossen", '»x« „y“ «z» “w” "v" ‚u‘', "„ein „inneres“ Zitat“", '"a" "b" "c"', ""],
)
def test_quote_spans_are_those_a_plain_overlap_scan_keeps(text):
    pairs = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"'), ("‚", "‘"))
    expected: list[tuple[int, int]] = []
    for opener, closers in pairs:
        cls = re.escape(closers)
        pattern = re.compile(re.escape(opener) + r"[^" + cls + re.escape(opener) + r"\n]{1,3000}[" + cls + r"]")
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in expected):
                expected.append((m.start(), m.end()))
    assert _quote_spans(text) == sorted(expected)
