"""news_places: finds place mentions and geocodes them with the offline gazetteer (data/places).

What becomes a place: every location mention that news_actors did not take as an acting country, capital or
seat of government (see actors/candidates.py for that split). Known names resolve through gazetteer.tsv (GeoNames
cities, countries, US states and continents, plus hand-curated German exonyms and regions), also in the
genitive ("Rumäniens"). A country always resolves as the country. Among same-named places the one that fits
the article's other countries wins, then the most populous. Unknown places are kept without coordinates:
facility names ("Patch Barracks", "Hotel Vienna House", "Pullman-Hotel", "Fort Bragg"), districts written
with their city ("Stuttgart-Vaihingen" -> Stuttgart's country), names after a place descriptor
("Stützpunkt X", "Bundesstaat X") and capitalised non-words after a locative preposition ("in Quantico").
A following "in <known place>" gives an unknown place its country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actor_lexicon import DETERMINERS, FUNCTION_WORDS, GazEntry, Lexicon, lexicon, log_pop
from .actors import Mask, Tokens
from .component import ListComponent
from .wordlists import ordered

MAX_NAME = 3
CITY_MIN_POP = 50000  # a city this big is a place even outside a locative phrase
COMPASS = ordered("compass_prefixes")
ARTICLE_PARTICLE = re.compile(r"(?:al|el|as|ad|an|ar|asch|at|az|esch)-[A-ZÄÖÜ]\w+$")
KIND_ORDER = {"country": 0, "continent": 1, "region": 1, "landmark": 1, "state": 2, "city": 3}


@dataclass
class PCand:
    a: int  # token span
    b: int
    start: int  # char span
    end: int
    name: str
    entries: list[GazEntry]
    country: str | None = None


class PlaceTagger(ListComponent):
    """Sets doc._.places (list[records.Place]), ids p1, p2 ... in order of first mention."""

    extension = "places"


@Language.factory("news_places", default_config={"use_ents": True})
def make_places(nlp: Language, name: str, use_ents: bool) -> PlaceTagger:
    return PlaceTagger(name, find_places, lexicon(), use_ents)


def _gaz_at(tk: Tokens, lex: Lexicon, i: int) -> tuple[int, list[GazEntry], str] | None:
    """Longest gazetteer key at token i, also in the genitive: (length, entries, key as written)."""
    for n in range(min(5, len(tk) - i), 0, -1):
        words = tk.text[i : i + n]
        key = tuple(words)
        if key in lex.gazetteer:
            return n, lex.gazetteer[key], " ".join(key)
        last = words[-1]
        # a genitive stands next to its noun: "Rumäniens Hauptstadt", "die Sicherheit Europas"
        noun_next = i + n < len(tk) and tk.text[i + n][:1].isupper()
        noun_before = i > 0 and tk.text[i - 1][:1].isupper() and not tk.sent_start[i - 1]
        if last.endswith("s") and len(last) > 3 and (noun_next or noun_before):
            key2 = (*words[:-1], last[:-1])
            if key2 in lex.gazetteer:
                return n, lex.gazetteer[key2], " ".join(key2)
    return None


def _name_run(tk: Tokens, lex: Lexicon, i: int, allow_words: bool = False) -> int:
    """Capitalised name tokens from i ('Vienna House', 'North Carolina'), at most MAX_NAME."""
    m = 0
    while i + m < len(tk) and m < MAX_NAME:
        w = tk.text[i + m]
        if m and ARTICLE_PARTICLE.match(w):
            m += 1  # "Ras al-Ain", "Scharm el-Scheich": the Arabic article inside a place name
            continue
        if not tk.is_name_token(i + m) or w in FUNCTION_WORDS or w.endswith("-"):
            break
        if not allow_words and lex.is_word(w) and not lex.gazetteer.get((w,)):
            break
        m += 1
    return m


def _accept_city(tk: Tokens, lex: Lexicon, a: int, entries: list[GazEntry], key: str) -> bool:
    """Whether a single gazetteer hit that is no country stands for a place here (German nouns abound)."""
    kinds = {e.kind for e in entries}
    if kinds & {"continent", "region", "landmark"}:
        return True
    loc = tk.locative_kind(a)
    pop = max(e.population for e in entries)
    if loc == "direct" and (key not in lex.nouns or pop >= 100000):
        return True  # "in Essen" is the city, "in Brand geraten" is no village
    if loc == "article" and "state" in kinds:
        return True
    prev = tk.text[a - 1].lower() if a else ""
    if (key in lex.surnames or key in lex.firstnames) and key not in lex.capitals:
        return False  # "Trujillos Bruder", "Klaus": a person's name outside a locative phrase
    if prev in DETERMINERS or key in lex.nouns or loc == "article":
        return False  # "das Essen", "Ende Januar", "in der Lage": nouns; a town takes no article
    if pop >= CITY_MIN_POP:
        return True  # common nouns were turned away above; a big city also opens datelines ("Karlsruhe -")
    if "state" in kinds and (" " in key or not lex.is_word(key)):
        return True
    # a small town outside a locative phrase only where German news names small towns: at home
    home = any(e.country in ("DEU", "AUT", "CHE", "LIE", "LUX") and e.population >= 1000 for e in entries)
    return home and not lex.is_word(key) and not tk.sent_start[a]


def _resolve(entries: list[GazEntry], context: set[str]) -> GazEntry:
    """A country as the country; else the entry that fits the article's countries, then the biggest."""
    countries = [e for e in entries if e.kind == "country"]
    if countries:
        return countries[0]

    def score(e: GazEntry) -> float:
        return log_pop(e.population) + (3.0 if e.country in context else 0.0) - KIND_ORDER.get(e.kind, 3) * 0.1

    return max(entries, key=score)


def find_places(doc: Doc, lex: Lexicon | None = None, use_ents: bool = True) -> list[records.Place]:
    """All place mentions of a Doc, grouped into geocoded places."""
    lex = lex or lexicon()
    full = doc.text  # Doc.text joins every token: read it once
    if not full.strip():
        return []
    tk = Tokens(doc)
    actors = records.get(doc, "actors")
    taken = Mask(len(full))
    for a in actors:
        for m in a.mentions:
            taken.add(m.start, m.end)

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    facilities = lex.facilities
    cands: list[PCand] = []
    n = len(tk)
    i = 0
    while i < n:
        w = tk.text[i]
        if "-" in w and w.rsplit("-", 1)[1] in facilities.get("descriptor", set()):
            w = w.rsplit("-", 1)[1]  # "US-Militärflughafen Ramstein": the prefix is the actor's
        elif not free(tk.start[i], tk.end[i]) or not w[:1].isupper():
            i += 1
            continue
        if tk.is_locative(i):
            tk.locative.add(i)
        # "Hotel Vienna House", "Fort Bragg"
        if w in facilities.get("before", set()) and i + 1 < n:
            m = _name_run(tk, lex, i + 1)
            if m:
                cands.append(_unknown(tk, i, i + 1 + m))
                i += 1 + m
                continue
        # "Stützpunkt Fort Bragg", "Bundesstaat North Carolina": the name after the descriptor is the place
        site = w in facilities.get("site", set())
        if (site or w in facilities.get("descriptor", set())) and i + 1 < n and tk.text[i + 1][:1].isupper():
            hit = None if site else _gaz_at(tk, lex, i + 1)
            if hit:
                cands.append(_known(tk, i + 1, i + 1 + hit[0], hit[1]))
                i += 1 + hit[0]
                continue
            j = i + 1
            if tk.text[j] in facilities.get("before", set()):
                j += 1
            m = _name_run(tk, lex, j)
            if m:
                cands.append(_unknown(tk, i + 1, j + m))
                i = j + m
                continue
        # "Stuttgart-Vaihingen", "Pullman-Hotel"
        if "-" in w and not w.endswith("-"):
            parts = w.split("-")
            if parts[-1] in facilities.get("hyphen", set()):
                cands.append(_unknown(tk, i, i + 1))
                i += 1
                continue
            whole = lex.gazetteer.get((w,))
            head = lex.gazetteer.get((parts[0],))
            if (
                not whole
                and head
                and free(tk.start[i], tk.end[i])
                and all(p[:1].isupper() and not lex.is_word(p) for p in parts[1:])
            ):
                city = max(head, key=lambda e: e.population)
                if city.kind == "city" and city.population >= CITY_MIN_POP:
                    c = _unknown(tk, i, i + 1)
                    c.country = city.country
                    cands.append(c)
                    i += 1
                    continue
        # known places, then a facility word after an unknown name ("Patch Barracks")
        m = _name_run(tk, lex, i, allow_words=True)
        after = facilities.get("after", set())
        if m:
            for k in range(1, m + 1):
                tail2 = " ".join(tk.text[i + k : i + k + 2])
                closes = tk.text[i + k - 1] in after or (k > 1 and " ".join(tk.text[i + k - 2 : i + k]) in after)
                if closes and k > 1:
                    cands.append(_unknown(tk, i, i + k))
                    i += k
                    break
                if i + k < n and (tk.text[i + k] in after or tail2 in after) and k == m:
                    size = 2 if tail2 in after else 1
                    cands.append(_unknown(tk, i, i + k + size))
                    i += k + size
                    break
            else:
                m = 0
            if m:
                continue
        hit = _gaz_at(tk, lex, i)
        if hit:
            length, entries, key = hit
            if free(tk.start[i], tk.end[i + length - 1]) and (
                any(e.kind == "country" for e in entries) or _accept_city(tk, lex, i, entries, key)
            ):
                cands.append(_known(tk, i, i + length, entries))
                i += length
                continue
        part = _compass_part(lex, w)
        if part is not None and free(tk.start[i], tk.end[i]):
            cands.append(PCand(i, i + 1, tk.start[i], tk.end[i], w, [part]))
            i += 1
            continue
        # an unknown name after in/nach/aus/bei: "in Quantico"
        prev = tk.text[i - 1].lower() if i else ""
        if prev in ("in", "nach", "aus", "bei") and not lex.is_word(w) and w not in lex.firstnames:
            m = _name_run(tk, lex, i)
            if m and tk.text[i + m - 1].endswith("s") and i + m < n and tk.text[i + m][:1].isupper():
                m = 0  # "aus McCartneys Ohr": a genitive before its noun, not a place
            if m and free(tk.start[i], tk.end[i + m - 1]):
                cands.append(_unknown(tk, i, i + m))
                i += m
                continue
        i += 1

    if use_ents:
        _from_ents(doc, tk, lex, cands, free)
    return _group(doc, tk, lex, cands, actors)


def _compass_part(lex: Lexicon, word: str) -> GazEntry | None:
    """A part of a country, region or continent named by a compass prefix ("Ostkongo", "Nordsyrien", "Westafrika",
    also in the genitive "Nordsyriens"): a region in that country, under its own name."""
    for prefix in COMPASS:
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or len(rest) < 4 or not rest[:1].islower() or "-" in rest:
            continue
        rest = rest[:1].upper() + rest[1:]
        for base, name in ((rest, word), (rest[:-1], word[:-1]) if rest.endswith("s") else (rest, word)):
            entries = [e for e in lex.gazetteer.get((base,), []) if e.kind != "city"]
            if entries:
                country = entries[0].country if len({e.country for e in entries}) == 1 else None
                return GazEntry(name, "region", country, None, None, None, 0)
        return None
    return None


def _known(tk: Tokens, a: int, b: int, entries: list[GazEntry]) -> PCand:
    return PCand(a, b, tk.start[a], tk.end[b - 1], tk.full[tk.start[a] : tk.end[b - 1]], entries)


def _unknown(tk: Tokens, a: int, b: int) -> PCand:
    return PCand(a, b, tk.start[a], tk.end[b - 1], tk.full[tk.start[a] : tk.end[b - 1]], [])


def _from_ents(doc: Doc, tk: Tokens, lex: Lexicon, cands: list[PCand], free) -> None:
    """LOC entities of the ruler or the NER that the rules above left."""
    full = tk.full
    have = Mask(len(full))
    for c in cands:
        have.add(c.start, c.end)
    tok_at = {t.idx: t.i for t in doc}
    for ent in doc.ents:
        if ent.label_ not in ("LOC", "GPE"):
            continue
        s, e = ent.start_char, ent.end_char
        if not free(s, e) or have.overlaps(s, e):
            continue
        text = ent.text
        nounish = text in FUNCTION_WORDS or not text[:1].isupper() or (len(ent) == 1 and lex.is_word(text))
        if nounish and not lex.gazetteer.get((text,)):
            continue
        a = tok_at.get(s, ent.start)
        hit = _gaz_at(tk, lex, a)
        if hit and hit[0] == len(ent):
            doubtful = hit[2] in lex.firstnames or hit[2] in lex.nouns or hit[2] in lex.surnames
            if doubtful and all(e.kind == "city" for e in hit[1]) and not tk.is_locative(a):
                continue  # "zwischen Klaus und Švejnar": a name the model took for the Austrian village
            cands.append(_known(tk, a, a + hit[0], hit[1]))
        elif lex.adjective_country(text) or lex.city_of_adjective(text):
            continue  # "russische", "Stuttgarter": adjectives, not places
        elif a < len(tk) and tk.is_locative(a):  # an unknown name the model calls a place, where places stand
            cands.append(PCand(ent.start, ent.end, s, e, text, []))


def _group(doc: Doc, tk: Tokens, lex: Lexicon, cands: list[PCand], actors: list) -> list[records.Place]:
    full = tk.full
    cands.sort(key=lambda c: c.start)
    context = {a.country for a in actors if a.country}
    for c in cands:
        if c.entries and len({e.country for e in c.entries}) == 1:
            context.add(c.entries[0].country or "")
    by_key: dict[tuple, records.Place] = {}
    places: list[records.Place] = []
    tails = {c.name.rsplit("-", 1)[1] for c in cands if not c.entries and "-" in c.name}
    districts: dict[str, records.Place] = {}
    resolved: dict[int, records.Place] = {}
    seen_mentions: dict[int, set] = {}
    for c in cands:
        if c.entries and c.name in tails:
            c.entries = []
        if c.entries:
            e = _resolve(c.entries, context)
            key = ("gaz", e.geonames_id or e.name, e.kind)
            if key not in by_key:
                by_key[key] = records.Place("", e.name, e.country, e.lat, e.lon, e.geonames_id)
                places.append(by_key[key])
            place = by_key[key]
        else:
            name = c.name.strip()
            if name.endswith("s") and ("unk", name[:-1]) in by_key:
                name = name[:-1]
            key = ("unk", name)
            # "Vaihingen" after "Stuttgart-Vaihingen": the same district
            owner = districts.get(name)
            if owner:
                place = owner
            else:
                if key not in by_key:
                    by_key[key] = records.Place("", name, c.country)
                    places.append(by_key[key])
                    if "-" in name:
                        districts.setdefault(name.rsplit("-", 1)[1], by_key[key])
                place = by_key[key]
        m = records.Mention(c.start, c.end, full[c.start : c.end])
        seen = seen_mentions.setdefault(id(place), set())
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            place.mentions.append(m)
        resolved[c.a] = place
    # an unknown place followed by "in <known place>" lies in that place's country
    for c in cands:
        place = resolved.get(c.a)
        if place is None or place.country or c.entries:
            continue
        j = c.b
        if j < len(tk) and tk.text[j] in ("in", "im", "bei", "nahe"):
            j += 1
            if j < len(tk) and tk.text[j] in DETERMINERS:
                j += 1
            target = resolved.get(j)
            if target is not None and target is not place and target.country:
                place.country = target.country
    places = [p for p in places if p.mentions]
    places.sort(key=lambda p: min(m.start for m in p.mentions))
    for k, p in enumerate(places, 1):
        p.id = f"p{k}"
        p.mentions.sort(key=lambda m: m.start)
    return places


def place_at(doc: Doc, start: int, end: int) -> tuple[str, records.Mention] | None:
    """The place id and mention overlapping the char span most, for linking an event's location."""
    best, best_ov = None, 0
    for place in records.get(doc, "places"):
        for m in place.mentions:
            ov = min(end, m.end) - max(start, m.start)
            if ov > best_ov:
                best, best_ov = (place.id, m), ov
    return best


def place_for_mention(doc: Doc, mention: records.Mention) -> records.Place | None:
    """The place a country or capital named as an actor stands for, where an event makes it a destination
    ("besuchte Israel"): the document's place of that name, else a new one geocoded from the gazetteer and added
    to doc._.places."""
    places = records.get(doc, "places")
    for place in places:
        if any(m.start == mention.start and m.end == mention.end for m in place.mentions):
            return place
    lex = lexicon()
    entries = lex.gazetteer.get(tuple(mention.text.split()))
    if not entries:
        return None
    e = _resolve(entries, {a.country for a in records.get(doc, "actors") if a.country})
    place = next((p for p in places if p.geonames_id and p.geonames_id == e.geonames_id), None)
    if place is None:
        place = records.Place(f"p{len(places) + 1}", e.name, e.country, e.lat, e.lon, e.geonames_id)
        doc._.places = [*places, place]
    place.mentions.append(mention)
    place.mentions.sort(key=lambda m: m.start)
    return place
