"""The trigger lexicon (data/events/triggers/*.tsv) indexed by surface form, and the other event word tables."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..wordlists import DATA as ROOT_DATA
from ..wordlists import ordered, read_tsv, words

DATA = ROOT_DATA / "events"
INSEPARABLE = ordered("inseparable_prefixes")
PARTICLES = words("verb_particles")


@dataclass
class Trigger:
    """One line of a data/events/triggers/*.tsv file, with the surface forms it matches."""

    lemma: str
    pos: str
    type: str
    cameo: str | None
    mode: str | None
    who: list[str]
    whom: list[str]
    needs: list[str]
    where: list[str] = field(default_factory=list)  # slots whose place is the destination or origin (nach, aus)
    particle: str | None = None
    words: list[str] = field(default_factory=list)  # PHRASE words; "…" allows a gap
    infinitive: str = ""


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@functools.cache
def _target_slots() -> dict[str, list[str]]:
    return {row["type"]: _split(row["slots"]) for row in read_tsv(DATA / "target_slots.tsv")}


def target_slots(etype: str) -> list[str]:
    """The slots that name the target of any trigger of the type (target_slots.tsv), tried when the frame's own
    slots name none."""
    return _target_slots().get(etype, [])


def _verb_forms(inf: str, extra: Iterable[str]) -> tuple[set[str], set[str]]:
    """(finite and infinitive forms, participles) of a German verb: weak inflection derived, strong ones listed."""
    inf = inf.lower()
    if inf.endswith(("eln", "ern")):
        stem = inf[:-1]
    elif inf.endswith("en"):
        stem = inf[:-2]
    else:
        stem = inf[:-1]
    # an e before the ending after d/t and hard consonant clusters: arbeitet, zeichnet, öffnet, atmet
    e = "e" if re.search(r"([dt]|chn|ffn|gn|[dt]m)$", stem) else ""
    finite = {inf, stem + "e", stem + e + "st", stem + e + "t", stem + "est", stem + "en"}
    finite |= {stem + e + suf for suf in ("te", "ten", "test", "tet", "tést")}
    parts = set()
    if stem.endswith("ier") or inf.startswith(INSEPARABLE):
        parts.add(stem + e + "t")
    else:
        parts.add("ge" + stem + e + "t")
    # the listed forms: a ge- form is a participle (unless the verb itself starts with ge-: gestehen, gestand), and
    # the last listed form is the participle by the files' convention; one without ge- (empfangen, verboten,
    # gestanden) is a finite or plural form as well
    forms = [f.lower() for f in extra]
    for n, form in enumerate(forms):
        ge = form.startswith("ge") and not inf.startswith("ge")
        if ge or (n == len(forms) - 1 and len(forms) > 1 and form.endswith(("en", "t"))):
            parts.add(form)
            if not ge:
                finite.add(form)
        else:
            finite.add(form)
    return finite, parts


def _noun_forms(lemma: str) -> set[str]:
    low = lemma.lower()
    forms = {low, low + "s", low + "es", low + "n", low + "en", low + "e", low + "er", low + "ern"}
    if low.endswith("e"):
        forms |= {low + "n"}
    if low.endswith("ung") or low.endswith("ion") or low.endswith("tät"):
        forms |= {low + "en"}
    if low.endswith("nis"):
        forms |= {low + "se", low + "ses", low + "sen"}  # Zugeständnisse, Bündnisses
    # umlaut plurals: Angriff -> Angriffe; Vorwurf -> Vorwürfe, Abzug -> Abzüge
    m = re.match(r"^(.*)([aou])([^aeiouäöü]*)$", low)
    if m:
        uml = {"a": "ä", "o": "ö", "u": "ü"}[m.group(2)]
        stem = m.group(1) + uml + m.group(3)
        forms |= {stem + "e", stem + "en", stem + "er", stem + "ern"}
    return forms


class Lexicon:
    """The trigger lexicon indexed by surface form."""

    def __init__(self, folder: Path = DATA / "triggers") -> None:
        self.joined: dict[str, list[tuple[Trigger, bool]]] = {}  # form -> (trigger, is participle)
        self.split: dict[str, list[Trigger]] = {}  # finite base form of a separable verb -> triggers
        self.nouns: dict[str, list[Trigger]] = {}
        self.lemmas: dict[str, list[Trigger]] = {}
        self.phrases: list[Trigger] = []
        rows = [row for path in sorted(folder.glob("*.tsv")) for row in read_tsv(path)]
        for row in rows:
            lemma = (row.get("lemma") or "").strip()
            pos = (row.get("pos") or "").strip().upper()
            if not lemma or not row.get("type"):
                continue
            trig = Trigger(
                lemma=lemma,
                pos=pos,
                type=row["type"].strip(),
                cameo=(row.get("cameo") or "").strip() or None,
                mode=(row.get("mode") or "").strip() or None,
                who=_split(row.get("who")),
                whom=_split(row.get("whom")),
                needs=[n.lower() for n in _split(row.get("needs"))],
                where=_split(row.get("where")),
            )
            if pos == "PHRASE":
                trig.words = lemma.lower().split()
                self.phrases.append(trig)
            elif pos == "NOUN":
                for form in _noun_forms(lemma):
                    self.nouns.setdefault(form, []).append(trig)
            elif pos == "VERB":
                self._add_verb(trig, row)
        # the longer of two phrases over the same words is the more specific ("Ämter zur Verfügung" before "zur
        # Verfügung"), and a contiguous one more than a gapped one of its length: phrases are tried in that order,
        # in file order among equals
        self.phrases.sort(key=lambda t: (-len([w for w in t.words if w != "…"]), "…" in t.words))

    def _add_verb(self, trig: Trigger, row: dict) -> None:
        words = [w for w in trig.lemma.split() if w != "sich"]
        verb = next((w for w in words if "|" in w), words[-1]).lower()
        particle, _, base = verb.rpartition("|")
        trig.particle = particle or None
        trig.infinitive = particle + base
        extra = _split(row.get("forms"))
        own = [f for f in extra if particle and f.lower().startswith(particle)]
        finite, parts = _verb_forms(base, [f for f in extra if f not in own])
        self.lemmas.setdefault(particle + base, []).append(trig)
        if particle:
            for form in finite:
                self.split.setdefault(form, []).append(trig)
                self.joined.setdefault(particle + form, []).append((trig, False))
            for form in parts:
                self.joined.setdefault(particle + form, []).append((trig, True))
            for form in own:
                self.joined.setdefault(form.lower(), []).append((trig, True))
            self.joined.setdefault(particle + "zu" + base, []).append((trig, False))
        else:
            for form in finite:
                self.joined.setdefault(form, []).append((trig, False))
            for form in parts:
                self.joined.setdefault(form, []).append((trig, True))


def event_types() -> list[dict]:
    """The PLOVER event types served at GET /v1/event-types, from data/events/event_types.tsv."""
    out = []
    for row in read_tsv(DATA / "event_types.tsv"):
        out.append(
            {
                "type": row["type"].strip(),
                "cameo": row["cameo"].strip(),
                "description_de": row["de"].strip(),
                "description_en": row["en"].strip(),
            }
        )
    return out


def noun_lookup(lex: Lexicon, low: str) -> list[Trigger]:
    """The noun triggers of a word or of its compound head; remembered per word (a word's suffixes are tried)."""
    memo = lex.__dict__.setdefault("_noun_memo", {})
    found = memo.get(low)
    if found is None:
        if len(memo) > 100_000:
            memo.clear()  # bounded: a long-running worker sees ever new words
        found = memo[low] = _noun_lookup_uncached(lex, low)
    return found


def _noun_lookup_uncached(lex: Lexicon, low: str) -> list[Trigger]:
    if low in lex.nouns:
        return lex.nouns[low]
    # compounds: the head is the last element (Nato-Verteidigungsministertreffen, Strafzolldrohungen)
    for k in range(1, len(low) - 3):
        tail = low[k:]
        if tail.startswith("-"):
            tail = tail[1:]
        elif k < 3 or "-" in tail or low[:k] in PARTICLES:
            continue  # "Herausforderung", "Aufstand": a particle and a noun make a word of their own
        if len(tail) >= 4 and tail in lex.nouns:
            return lex.nouns[tail]
    return []


@functools.cache
def group_adjectives() -> dict[str, str]:
    return {r["stem"]: r["actor"] for r in read_tsv(DATA / "group_adjectives.tsv") if r.get("stem")}
