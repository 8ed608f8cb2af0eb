"""Actor lookups for the components after news_actors (quotes, events, stance): the actor at a char span, the
mentions by token, a name in the genitive after a noun; each index is built once per Doc."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from .. import records


def actor_at(doc: Doc, start: int, end: int) -> tuple[str, records.Mention] | None:
    """The actor id and mention overlapping the char span most (persons win ties), for linking event roles."""
    best, best_key = None, (0, 0)
    # only mentions starting less than the longest mention's length before `start` can overlap: look up those,
    # then weigh them in the order of the full scan (actors, then their mentions) so ties go the same way
    mentions, starts, longest = _mention_index(doc)
    near = mentions[bisect.bisect_right(starts, start - longest) : bisect.bisect_left(starts, end)]
    for _start, _order, actor, m in sorted(near, key=lambda x: x[1]):
        ov = min(end, m.end) - max(start, m.start)
        if ov <= 0:
            continue
        key = (ov, actor.type == "PERSON")
        if key > best_key:
            best, best_key = (actor.id, m), key
    return best


def genitive_after_noun(doc: Doc, i: int) -> bool:
    """The one-word name at token i stands in the genitive right after a common noun ("die Außenpolitik Ungarns",
    "die Hilfe Frankreichs"): an -s its actor's name does not have. Such a name is an attribute, never a subject."""
    word = doc[i].text
    if i == 0 or doc[i - 1].tag_ != "NN" or not word.endswith("s"):
        return False
    noun = doc[i - 1].idx
    if any(t.start <= noun < t.end for t in records.get(doc, "timexes")):
        return False  # "am Mittwoch Paris": a date, no noun the name could belong to
    hit = actor_at(doc, doc[i].idx, doc[i].idx + len(word))
    if hit is None or hit[1].end > doc[i].idx + len(word):
        return False
    actor = next((a for a in records.get(doc, "actors") if a.id == hit[0]), None)
    return actor is not None and not actor.name.endswith("s")


def mention_tokens(doc: Doc) -> list[tuple[int, int, str, records.Mention, str]]:
    """Every actor mention as (first token, end token, actor id, mention, actor type), sorted by position; built
    once per Doc for the components after this one (events and stance look actors up by token)."""
    actors = records.get(doc, "actors")

    def build() -> list[tuple[int, int, str, records.Mention, str]]:
        out = []
        for actor in actors:
            for m in actor.mentions:
                span = records.tokens_of(doc, m.start, m.end)
                if span is not None:
                    out.append((span.start, span.end, actor.id, m, actor.type))
        out.sort(key=lambda r: (r[0], r[1]))
        return out

    return records.derived(doc, "news_actors.mention_tokens", actors, build)


def _mention_index(doc: Doc) -> tuple[list[tuple], list[int], int]:
    """All actor mentions as (start, scan order, actor, mention) sorted by start, with the longest length; built
    once per Doc (actor_at is asked per event trigger and argument, a scan of every mention each time)."""
    actors = records.get(doc, "actors")

    def build() -> tuple[list[tuple], list[int], int]:
        mentions = []
        for actor in actors:
            for m in actor.mentions:
                mentions.append((m.start, len(mentions), actor, m))
        mentions.sort(key=lambda x: (x[0], x[1]))
        longest = max((m.end - m.start for _s, _o, _a, m in mentions), default=0)
        return mentions, [x[0] for x in mentions], longest

    # keyed on the number of mentions as well: the index lists mentions, not actors
    return records.derived(
        doc, "news_actors.mention_index", actors, build, size=lambda acts: sum(len(a.mentions) for a in acts)
    )
