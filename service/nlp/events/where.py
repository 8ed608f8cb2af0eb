"""where: the event's places from its clause, the other clauses of its sentence, the dateline and the place
words that take up a place named before; a visit's host country."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from .. import records
from ..actors import dateline_tokens
from ..places import place_for_mention
from ..quotes import SpeechCues
from ..sentences import SentenceView
from ..wordlists import DATA, ordered, read_tsv, table, words
from .mentions import (
    Args,
    MentionRef,
    country_actor_for,
    kind_of,
    timex_tokens,
    window,
)
from .phrases import classify, dedupe
from .triggers import Candidate

PREPS = table("prepositions")
PARTICLES = words("verb_particles")
ADJ_ENDINGS = ordered("adjective_endings")
LOCATIVE = words("locative_slots")
ADVERBIAL = words("adverbial_subordinators")
PLACE_ANAPHORS = table("place_anaphors")
SEAT_NOUNS = ordered("seat_nouns")
TOPIC_PREPS = words("topic_prepositions")
SCENE_NOUNS = words("scene_nouns")
COUNTING = words("counting_words")
LANDMARK_CITIES = {r["word"]: r["value"] for r in read_tsv(DATA / "places" / "landmark_cities.tsv")}
DEFINITE_ARTICLES = {"der", "die", "das", "dem", "den"}
# speech acts whose complement is a demanded, alleged or threatened act of its own, with its own place ("forderte
# X auf, Truppen nach Y zu schicken"); an agreement's or a refusal's complement is the event itself
# ("vereinbarten, sich in X zu treffen", "gedenke nicht, sich an einer Truppe in X zu beteiligen")
DIRECTIVE = {"REQUEST", "ACCUSE", "THREATEN"}


def visited_country(doc: Doc, c: Candidate, where: list[MentionRef], args: Args) -> list[MentionRef]:
    """A visit to a place abroad is a visit to its country ("Besuch von Johnson in Kiew" -> Ukraine); a visit at
    home names no host. The country becomes an actor of the article if it was none."""
    countries = {p.id: p.country for p in records.get(doc, "places")}
    own = {a.country for a in records.get(doc, "actors") if a.id in {r.ref for r in args.who}}
    for r in where:
        iso = countries.get(r.ref)
        # a destination phrase, the place right after its preposition or after an article and a descriptor ("nach
        # Kiew", "in die Hafenstadt Mumbai"): the phrase's slot as classify reads it
        dest = MentionRef(r.ref, r.mention, r.i, r.j, r.kind)
        classify(doc, dest, max(0, r.i - 6), place=True)
        if dest.slot in ("in", "nach") and iso and iso not in own:
            actor = country_actor_for(doc, iso, r.mention)
            return [MentionRef(actor.id, r.mention, r.i, r.j, actor.type, slot="in", derived=True)]
    return []


def visited_places(doc: Doc, args: Args) -> list[MentionRef]:
    """The place a visited country or capital stands for ("besuchte Israel", "besucht Kiew"): the destination."""
    out = []
    for r in args.whom:
        if kind_of(doc, r.ref) != "GPE" or r.derived:
            continue
        place = place_for_mention(doc, r.mention)
        if place is not None:
            out.append(MentionRef(place.id, r.mention, r.i, r.j, "PLACE"))
    return out


def find_where(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args) -> list[MentionRef]:
    """The places of the event's clause in a locative phrase; for an event of the lead without one, the dateline
    (unless it is told in the pluperfect, as what came before). A landmark brings its city along where the article
    names that city ("vor dem Kapitol" -> Washington too)."""
    found = _find_where(doc, view, c, places, args)
    if not any(r.ref in _landmark_ids(doc) for r in found):
        return found
    by_name = {p.name: p.id for p in records.get(doc, "places")}
    out = list(found)
    for r in found:
        city = by_name.get(LANDMARK_CITIES.get(_landmark_ids(doc).get(r.ref, ""), ""))
        before = [t.lower_ for t in doc[max(0, r.i - 3) : r.i]]
        if "ins" in before or ("in" in before and before[-1] in ("die", "den", "das")):
            continue  # "lud ihn ins Weiße Haus ein": a destination, the visit is still to come
        if city and all(x.ref != city for x in out):
            out.append(MentionRef(city, r.mention, r.i, r.j, "PLACE", slot=r.slot))
    return out


def _landmark_ids(doc: Doc) -> dict[str, str]:
    """Place id -> name of the document's places that are landmarks with a known city."""
    return {p.id: p.name for p in records.get(doc, "places") if p.name in LANDMARK_CITIES}


def _find_where(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args) -> list[MentionRef]:
    own = (
        _clause_places(doc, view, c, places, args)
        or _taken_up_place(doc, view, c, places)
        or _wo_antecedent(doc, view, c, places)
    )
    if not own and _counted_scope(doc, *view.clause_range(c.i)):
        own = _listed_next(doc, view, places)
    elif len(own) == 1:
        own = own + _cities_next(doc, view, places, own[0])
    lead = dateline(doc, places)
    # the lead runs from the dateline to the end of its paragraph; a headline above it is no lead event
    in_lead = bool(lead) and view.sent.start < lead[0] and view.sent.end > lead[1][0].i
    if own:
        return _within_dateline(doc, own, lead[1]) + own if in_lead else own
    if in_lead:
        # a call joins two places, and what came before happened elsewhere: neither is the dateline's scene
        background = c.trigger.mode == "phone" or _backstory(doc, view, c) or _background_noun(doc, c)
        return [] if background else lead[1]
    if _counted_scope(doc, *view.clause_range(c.i)):
        return []
    return _sentence_places(doc, view, c, places, args)


def _listed_next(doc: Doc, view: SentenceView, places: list[MentionRef]) -> list[MentionRef]:
    """The places a clause counts ("in sieben Städten") listed in the next sentence of its paragraph ("Kundgebungen
    gab es in A, B und C"): at least two, after one locative preposition."""
    end = view.sent.end
    if end >= len(doc) or any(t.is_space and "\n" in t.text for t in doc[end - 1 : min(len(doc), end + 1)]):
        return []
    nxt = doc[end].sent
    out: list[MentionRef] = []
    for p in window(places, nxt.start, nxt.end):
        classify(doc, p, nxt.start, place=True)
        listed = (
            bool(out)
            and 0 < p.i - out[-1].j <= 2
            and all(t.lower_ in (",", "und", "sowie", "oder") for t in doc[out[-1].j : p.i])
        )
        if listed or (not out and _locative(doc, p)):
            out.append(p)
        elif len(out) < 2:
            out = [p] if _locative(doc, p) else []
    return dedupe(out) if len(out) >= 2 else []


def _cities_next(doc: Doc, view: SentenceView, places: list[MentionRef], own: MentionRef) -> list[MentionRef]:
    """A country-wide event ("In Deutschland gingen Tausende auf die Straße") followed by a sentence naming at least
    two of that country's cities where it happened ("Allein in A ..., weitere in B und C") happened there too."""
    by_id = {p.id: p for p in records.get(doc, "places")}
    country = by_id.get(own.ref)
    end = view.sent.end
    if country is None or country.lat is not None or country.geonames_id is None or end >= len(doc):
        return []
    if any(t.is_space and "\n" in t.text for t in doc[end - 1 : min(len(doc), end + 1)]):
        return []
    nxt = doc[end].sent
    out = []
    for p in window(places, nxt.start, nxt.end):
        place = by_id.get(p.ref)
        classify(doc, p, nxt.start, place=True)
        if place is None or place.lat is None or place.country != country.country:
            return []
        if _locative(doc, p) or (out and _conjunct(doc, out[-1], p)):
            out.append(p)
    return dedupe(out) if len(out) >= 2 else []


def _counted_scope(doc: Doc, lo: int, hi: int) -> bool:
    """The clause names its places by counting them ("in elf Bundesländern", "in mehreren Städten"): it has a scene
    of its own, and the places of the other clauses are another happening's ("...; auch in X wurden ...")."""
    for k in range(lo, hi - 2):
        if doc[k].lower_ in ("in", "an", "auf") and (doc[k + 1].tag_ == "CARD" or doc[k + 1].text in COUNTING):
            m = k + 2
            while m < hi and doc[m].tag_ == "ADJA":
                m += 1
            if m < hi and doc[m].tag_ == "NN":
                return True
    return False


def _background_noun(doc: Doc, c: Candidate) -> bool:
    """An event noun in a phrase of time or cause ("nach dem Abschuss", "seit Beginn des Krieges", "wegen der
    Annexion"): what came before or caused the news, not its scene."""
    if c.kind != "NOUN":
        return False
    k = c.i - 1
    while k >= max(0, c.i - 6) and (
        (doc[k].tag_ in ("ART", "ADJA", "CARD", "PPOSAT") and doc[k].lower_ not in PREPS)
        or doc[k].text in ("Beginn", "Ende", "Jahrestag")
    ):
        k -= 1
    return k >= 0 and (doc[k].lower_ in TOPIC_PREPS or doc[k].lower_ in ("nach", "vor", "seit", "trotz", "nachdem"))


def _backstory(doc: Doc, view: SentenceView, c: Candidate) -> bool:
    """The event's clause is in the pluperfect ("hatte ... abgelehnt", "war ... gereist"): what happened before the
    reported news, somewhere else than the dateline's scene ("Genf – ... Zuvor hatte Moskau Gespräche abgelehnt")."""
    lo, hi = view.clause_range(c.i)
    toks = doc[lo:hi]
    return any(t.lower_ in ("hatte", "hatten", "war", "waren") and t.tag_.startswith("VA") for t in toks) and (
        c.participle or any(t.tag_ == "VVPP" for t in toks)
    )


def _wo_antecedent(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef]) -> list[MentionRef]:
    """A "wo" clause happens at the place it follows ("begann in Australien, wo 300.000 Menschen protestierten")."""
    lo, _hi = view.clause_range(c.i)
    k = lo
    while k < c.i and doc[k].is_punct:
        k += 1
    if doc[k].lower_ != "wo" or k < 2 or doc[k - 1].text != ",":
        return []
    return [p for p in places if p.j == k - 1][:1]


def _taken_up_place(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef]) -> list[MentionRef]:
    """A locative phrase that takes up a place named before ("in der Hauptstadt", "in das skandinavische Land",
    "im Ort selbst") stands for the nearest earlier place of its kind: a city (with coordinates) or a country;
    "dort", and "Dabei" or "Hier" opening a sentence, for the place named last before the sentence."""
    lo, hi = view.clause_range(c.i)
    by_id = {p.id: p for p in records.get(doc, "places")}
    for k in range(lo, hi):
        low = doc[k].lower_
        opening = low in ("dabei", "dort", "hier") and k == view.sent.start  # "Dabei unterzeichneten sie ..."
        if (low == "dort" and doc[k].pos_ == "ADV") or opening:
            before = places[: bisect.bisect_left(places, view.sent.start, key=lambda r: r.i)]
            if before:
                p = before[-1]
                mention = records.Mention.of(doc, doc[k].idx, doc[k].idx + len(doc[k].text))
                return [MentionRef(p.ref, mention, k, k + 1, "PLACE", slot="in")]
            continue
        if low in ("im", "ins"):
            head = k + 1
        elif low in ("in", "nach") and k + 1 < hi and doc[k + 1].lower_ in DEFINITE_ARTICLES:
            head = k + 2
        else:
            continue
        while head < hi and doc[head].text[:1].islower() and doc[head].lower_.endswith(ADJ_ENDINGS):
            head += 1  # "in der weißrussischen Hauptstadt"
        kind = PLACE_ANAPHORS.get(doc[head].text) if head < hi else None
        if not kind:
            continue
        for p in reversed(places[: bisect.bisect_left(places, k, key=lambda r: r.i)]):
            place = by_id.get(p.ref)
            if place is None or _seat(doc, p):
                continue
            if (kind == "city") == (place.lat is not None) and (kind == "city" or place.geonames_id is not None):
                mention = records.Mention.of(doc, doc[k].idx, doc[head].idx + len(doc[head].text))
                return [MentionRef(p.ref, mention, k, head + 1, "PLACE", slot=low)]
    return []


def _within_dateline(doc: Doc, own: list[MentionRef], lead: list[MentionRef]) -> list[MentionRef]:
    """The dateline's city when the lead event's own places are only inside it: a building, a quarter or a region
    that has no coordinates of its own ("Genf – ... in der Villa La Grange am Genfersee", "Stuttgart: ... im
    Landtag"). A country or state named (it has a GeoNames id) is the event's scope or destination ("reist nach
    Norwegen", "in Deutschland gingen ... auf die Straße"), and a headline before the dateline is no lead event."""
    by_id = {p.id: p for p in records.get(doc, "places")}
    city = by_id.get(lead[0].ref) if lead else None
    if city is None or city.lat is None or any(r.ref == city.id for r in own) or own[0].i < lead[0].i:
        return []
    for r in own:
        p = by_id.get(r.ref)
        if p is None or p.lat is not None or p.geonames_id is not None or (p.country and p.country != city.country):
            return []
    return lead[:1]


def dateline(doc: Doc, places: list[MentionRef]) -> tuple[int, list[MentionRef]] | None:
    """The dateline's place ("Moskau – ...", "Kiew (dpa) - ...") and the token where its paragraph ends. A double
    dateline ("Berlin/Ankara – ...") names where the report was gathered, on both sides, not where its events
    happened: it gives no place."""

    def build() -> tuple[int, list[MentionRef]] | None:
        tokens, _agency = dateline_tokens(doc)
        found = [p for p in places if p.i in tokens]
        if not found or len({p.ref for p in found}) > 1:
            return None
        end = next((t.i for t in doc[found[0].i :] if t.is_space and "\n" in t.text), len(doc))
        return end, dedupe(found)

    return records.derived(doc, "news_events.dateline", places, build)


def _clause_places(
    doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args
) -> list[MentionRef]:
    sent_places = window(places, view.sent.start, view.sent.end)
    if not sent_places:
        return []
    lo, hi = view.clause_range(c.i)
    if c.kind == "NOUN" and _topic_noun(doc, c.i):
        lo = c.i  # "wegen der Unterdrückung der Minderheit in X": the noun's own attributes, not its clause's scene
    used = {(r.i, r.j) for r in args.who + args.whom}
    scene = any(doc[k].text in SCENE_NOUNS for k in range(lo, hi))
    pool = []
    for p in sent_places:
        if not (lo <= p.i < hi) or (p.i, p.j) in used:
            continue
        classify(doc, p, max(lo, view.sent.start), place=True)
        if _seat(doc, p) or _relative(doc, p) or _topic_attribute(doc, p, c):
            continue
        coordinated = bool(pool) and _conjunct(doc, pool[-1], p)
        slotted = _locative(doc, p) or (p.slot in c.trigger.where and not _ranking(doc, p)) or _target(doc, p, c)
        slotted = slotted or (p.slot == "core" and scene)  # "X ist Schauplatz eines Treffens"
        if slotted or (c.kind == "NOUN" and p.i == c.i) or coordinated:
            pool.append(p)  # "nach Deutschland und Polen": the second place shares the preposition
    out, seen = [], set()
    for p in pool:
        if p.ref not in seen:
            seen.add(p.ref)
            out.append(p)
    return out


def _sentence_places(
    doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef], args: Args
) -> list[MentionRef]:
    """An event whose own clause names no place happens where the other clauses of its sentence do ("nach
    Verhandlungen in X hatten sich beide verständigt; vermittelt hatte Y", "die ihn nach X geführt hatte", "reist
    nach X, um ... zu unterzeichnen"). Not where a frame says it: the place of a clause of saying ("..., sagte
    er in X") and of the clause a complement (dass-clause, zu-infinitive) depends on ("gilt in X, dass ...",
    "sieht man in X keine Bereitschaft, ... zu beenden") is where it was said or held. Nor where the content of a
    demand, charge or threat says: a complement after its clause and what follows it ("forderte, ... nach X zu
    liefern", "verlangt, sie gegen Gefangene auszutauschen, die in X inhaftiert sind")."""
    used = {(r.i, r.j) for r in args.who + args.whom}
    lo, hi = view.clause_range(c.i)
    complement = _complement(doc, lo, hi)
    content = c.trigger.type in DIRECTIVE and hi < view.sent.end and _complement(doc, *view.clause_range(hi))
    speech = SpeechCues.get()
    out, seen = [], set()
    for p in window(places, view.sent.start, view.sent.end):
        if (p.i, p.j) in used or (complement and p.i < lo) or (content and p.i >= hi):
            continue  # a complement after the event ("forderte, ... nach X zu liefern") is its content
        plo, phi = view.clause_range(p.i)
        if any(speech.is_verb(doc, k, view.sent.end) for k in range(plo, phi)) or _adverbial(doc, plo, phi):
            continue
        if _complement(doc, plo, phi) and plo < lo:
            continue  # "der Vorschlag, Truppen in X zu schicken, wurde abgelehnt": the noun's content
        classify(doc, p, view.sent.start, place=True)
        if _seat(doc, p) or _relative(doc, p) or _topic_attribute(doc, p, c):
            continue
        if (_locative(doc, p) or (out and _conjunct(doc, out[-1], p))) and p.ref not in seen:
            seen.add(p.ref)
            out.append(p)
    return out


def _topic_attribute(doc: Doc, p: MentionRef, c: Candidate) -> bool:
    """ "in X" after a noun of a phrase that gives the event's topic, cause or time ("über den Konflikt in X
    telefoniert", "wegen der Unterdrückung der Minderheit in X verhängt", "nach der Wahl in X angeboten") belongs to
    that noun, not to the event; after an event's own noun or a meeting it shares ("bei einem Treffen in X") it is
    the event's place."""
    k = p.np_start - 1 if p.np_start >= 1 and doc[p.np_start].lower_ in DEFINITE_ARTICLES else p.np_start
    if p.slot != "in" or k < 1 or doc[k].lower_ not in ("in", "im"):
        return False
    k -= 1
    nouns = 0
    while k >= max(0, p.i - 14):
        t = doc[k]
        if c.i <= k < c.j:
            return False
        if t.lower_ in PREPS or t.lower_ in TOPIC_PREPS:
            return nouns > 0 and t.lower_ in TOPIC_PREPS
        if t.tag_ in ("NN", "NE"):
            nouns += 1
        elif not (t.tag_ in ("ART", "ADJA", "CARD", "PPOSAT", "PIAT") or t.lower_ in DEFINITE_ARTICLES):
            return False
        k -= 1
    return False


def _topic_noun(doc: Doc, i: int) -> bool:
    """The noun at i heads a phrase of topic or cause ("wegen der Verfolgung", "über den Angriff")."""
    k = i - 1
    while k >= 0 and (doc[k].tag_ in ("ART", "ADJA", "CARD", "PPOSAT", "PIAT") or doc[k].lower_ in DEFINITE_ARTICLES):
        k -= 1
    return k >= 0 and doc[k].lower_ in TOPIC_PREPS


def _seat(doc: Doc, p: MentionRef) -> bool:
    """The place names the seat of the government or leadership right before it ("die Regierung in Ankara lehnt
    ab", "wirft der Führung in Doha vor"): it says whose government acts, not where."""
    if p.i < 2 or doc[p.i - 1].lower_ != "in":
        return False
    word = doc[p.i - 2].text
    return word[:1].isupper() and any(word == n or word.endswith(n.lower()) for n in SEAT_NOUNS)


def _locative(doc: Doc, p: MentionRef) -> bool:
    """The phrase says where: a locative preposition ("in Berlin", "vor der Küste"), not "nach" with an article,
    which ranks or follows ("nach den USA das zweitgrößte Kontingent", "nach der Türkei"; a destination takes no
    article: "nach Polen", "in die Türkei"); "über" with a dative article is a place ("über der Ostsee"), with an
    accusative one a topic ("über den Konflikt")."""
    if p.slot == "über":
        return _article(doc, p) in ("der", "dem")
    if p.slot == "um":  # "rund um die Stadt X": around it
        k = p.np_start - 1 if _article(doc, p) else p.np_start
        return k >= 1 and doc[k - 1].lower_ == "rund"
    return p.slot in LOCATIVE and not _ranking(doc, p)


def _target(doc: Doc, p: MentionRef, c: Candidate) -> bool:
    """An attack's target that is a place is where it happened: a bare phrase of its verb ("eroberten die Stadt X",
    "X wurde bombardiert"; an acting country or capital is an actor, no place), the genitive or von-phrase right
    after its noun ("die Annexion der Krim", "die Einnahme von X")."""
    if c.trigger.type != "ASSAULT":
        return False
    if c.kind == "NOUN":
        return p.slot in ("gen", "von") and p.np_start == c.j
    return p.slot in ("obj", "core")


def _article(doc: Doc, p: MentionRef) -> str | None:
    """The definite article right after the preposition of the mention's phrase ("in der", "nach den")."""
    k = p.np_start
    if 1 <= k < p.i and doc[k].lower_ in DEFINITE_ARTICLES and doc[k - 1].lower_ in PREPS:
        return doc[k].lower_
    return None


def _ranking(doc: Doc, p: MentionRef) -> bool:
    return p.slot == "nach" and _article(doc, p) is not None


def _relative(doc: Doc, p: MentionRef) -> bool:
    """A city right after ", in der" is the subject of a relative clause ("eine Erklärung, in der Rom und Paris ...
    zusagen"): a city name takes no article, so "der" is the relative pronoun and the city no place of the clause."""
    k = p.np_start
    if not (2 <= k == p.i - 1 and doc[k - 2].text == "," and doc[k].lower_ in ("der", "dem", "denen")):
        return False
    place = next((x for x in records.get(doc, "places") if x.id == p.ref), None)
    return place is not None and place.lat is not None


def _complement(doc: Doc, lo: int, hi: int) -> bool:
    """The clause is a complement of the clause before it: opened by "dass"/"ob", or a zu-infinitive that no
    "um"/"ohne"/"statt" makes an adjunct."""
    words = [t for t in doc[lo:hi] if not t.is_punct]
    if not words:
        return False
    if words[0].lower_ in ("dass", "ob"):
        return True
    return words[0].lower_ not in ("um", "ohne", "statt", "anstatt") and any(
        t.tag_ in ("PTKZU", "VVIZU") or (t.tag_.startswith("VV") and _zu_infix(t.lower_)) for t in words
    )


def _zu_infix(low: str) -> bool:
    """A separable verb's zu-infinitive written as one word, which the tagger may take for a bare infinitive
    ("auszutauschen", "anzugreifen", "freizugeben"): a particle, or any first part of three letters or more, then
    "zu" and an infinitive."""
    k = low.find("zu", 2)
    if k < 0 or not low.endswith(("en", "ern", "eln")) or len(low) - k < 6:
        return False
    return k >= 3 or low[:k] in PARTICLES


def _adverbial(doc: Doc, lo: int, hi: int) -> bool:
    """The clause is an adverbial one ("nachdem Raketen in X ... zerstört hatten", "weil ..."): another happening,
    with its own place."""
    words = [t for t in doc[lo:hi] if not t.is_punct]
    return bool(words) and words[0].lower_ in ADVERBIAL


def _conjunct(doc: Doc, prev: MentionRef, p: MentionRef) -> bool:
    """A place listed after another one with only commas and a conjunction between them ("nach Argentinien und
    Chile", "in Sachsen, Thüringen und Bayern") shares its preposition. A list with commas needs a bare
    preposition before its first place: after "in der" the "der" may be a relative pronoun ("eine Erklärung, in der
    Berlin, Paris und Kiew ... unterstützen")."""
    between = doc[prev.j : p.i]
    words = [t.lower_ for t in between if t.text != ","]
    if not (0 < p.i - prev.j <= 3 and len(words) <= 1 and all(w in ("und", "sowie", "oder") for w in words)):
        return False
    return len(between) == len(words) or (prev.np_start >= 0 and doc[prev.np_start].lower_ in PREPS)


def has_context(doc: Doc, view: SentenceView, c: Candidate, places: list[MentionRef]) -> bool:
    lo, hi = view.clause_range(c.i)
    if any(lo <= p.i < hi for p in places):
        return True
    toks = timex_tokens(doc)[0]
    k = bisect.bisect_left(toks, lo)
    return k < len(toks) and toks[k] < hi
