"""news_quotes: who says what. Direct quotes and reported speech with their speakers, before events and stance.

Every sentence gets the speaker the text gives it, in the forms German news uses:
- a speech verb (by lemma, data/stance/speech.tsv) and its subject: „…“, sagte X; X sagte: „…“; X erklärte, …;
  wie X mitteilte, …; betonte er; the subject found by word order and case (no parser: the first non-oblique actor
  before the finite verb, else the first after it), a pronoun (er/sie) or a description (der Kanzler, die
  Ministerin, which news_actors already links to the named person) resolved to the actor it takes up;
- a phrase before or after the speaker: laut X, so X, nach Angaben von X, nach den Worten X', nach Merkels
  Darstellung, aus Sicht von X, X zufolge;
- a colon after the speaker, in headlines too: "Scholz: Europa muss mehr tun", X: „…“;
- a sentence in Konjunktiv I (or wholly inside a quote) without a speaker of its own continues the previous
  sentence's speaker, over several sentences; a headline in between does not end the speech.
news_events reads the speakers (an agentless act announced by an institution is its act), news_stance the
attributed speech and the subjects of evaluative verbs (subject_of).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from . import records
from .actor_lexicon import lexicon as actor_lexicon
from .actors import actor_at, genitive_after_noun, mention_tokens
from .component import ListComponent
from .polarity import grammar
from .sentences import CLAUSE_BOUNDARY, SentenceView, is_heading, segment_at, segments
from .wordlists import DATA, read_tsv, table, words

QUOTE_PAIRS = (("„", "“”"), ("»", "«"), ("«", "»"), ("“", "”"), ('"', '"'), ("‚", "‘"))
QUOTE_MARKS = {"„", "“", "”", "«", "»", '"', "‚", "‘"}


class SpeechCues:
    """The attribution cues of data/stance/speech.tsv, read once per process."""

    _instance: SpeechCues | None = None

    def __init__(self) -> None:
        self.verbs: dict[str, set[str]] = {}  # lemma without particle -> particles ("" = none needed)
        self.say: set[str] = set()  # plain verbs of saying, preferred
        self.preps: list[list[str]] = []
        self.post: set[str] = set()
        self.nouns: set[str] = set()
        self.subj: set[str] = set()
        for row in read_tsv(DATA / "stance" / "speech.tsv"):
            word, kind = (row.get("word") or "").strip().lower(), (row.get("kind") or "").strip()
            if not word:
                continue
            if kind in ("verb", "say"):
                reflexive = word.startswith("sich ")
                particle, _, lemma = word.removeprefix("sich ").rpartition("|")
                if reflexive:  # "zeigte sich zufrieden": the reflexive pronoun stands for the particle
                    self.verbs.setdefault(lemma, set()).add("@sich")
                    continue
                if kind == "say":
                    self.say.update((lemma, particle + lemma))
                self.verbs.setdefault(lemma, set()).add(particle)
                if particle:
                    self.verbs.setdefault(particle + lemma, set()).add("")
            elif kind == "prep":
                self.preps.append(word.split())
            elif kind == "post":
                self.post.add(word)
            elif kind == "noun":
                self.nouns.add(word)
            elif kind == "subj":
                self.subj.add(word)
        self.preps.sort(key=lambda p: -len(p))

    @classmethod
    def get(cls) -> SpeechCues:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def is_verb(self, doc: Doc, k: int, hi: int) -> bool:
        """Whether token k is a speech verb (with its separable particle later in the sentence when it needs one)."""
        tok = doc[k]
        if tok.pos_ not in ("VERB", "AUX", "") and tok.tag_ not in ("VVFIN", "VVPP", "VVINF", "ADJA"):
            return False
        lemma = tok.lemma_.lower() if tok.lemma_ else ""
        particles = self.verbs.get(lemma)
        if particles is None and not lemma:
            particles = _weak_form_lookup(self.verbs, tok.lower_)
        if not particles:
            return False
        if "" in particles:
            return True
        if "@sich" in particles and any(doc[q].lower_ in grammar("reflexive") for q in range(k + 1, min(hi, k + 4))):
            return True
        return any(has_particle(doc, k, hi, p) for p in particles if p != "@sich")


def _weak_form_lookup(table_: dict[str, set[str]], low: str) -> set[str] | None:
    """Without a lemmatizer: the entry whose stem the form starts with ("sagte", "gesagt" -> sagen)."""
    for lemma, particles in table_.items():
        stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
        if len(stem) >= 3 and (low.startswith(stem) or low.startswith("ge" + stem)) and len(low) <= len(lemma) + 3:
            return particles
    return None


def has_particle(doc: Doc, k: int, hi: int, particle: str) -> bool:
    """Whether a separable particle stands after verb k before the clause ends ("teilte ... mit", "wies ... zurück")."""
    for q in range(k + 1, hi):
        t = doc[q]
        if t.text in CLAUSE_BOUNDARY or t.text in (".", "!", "?"):
            return False
        if t.lower_ == particle and (t.tag_ == "PTKVZ" or q + 1 >= hi or doc[q + 1].is_punct or doc[q + 1].is_space):
            return True
    return False


# ---------------------------------------------------------------- quotes


_QUOTE_PATTERNS = [
    re.compile(
        re.escape(opener) + r"[^" + re.escape(closers) + re.escape(opener) + r"\n]{1,3000}[" + re.escape(closers) + r"]"
    )
    for opener, closers in QUOTE_PAIRS
]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotes as sorted, disjoint character spans (a quote overlapping an earlier-found one is dropped)."""
    spans: list[tuple[int, int]] = []  # kept sorted and disjoint, so one neighbour decides an overlap
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text):
            if not _overlaps(spans, m.start(), m.end()):
                bisect.insort(spans, (m.start(), m.end()))
    return spans


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether sorted disjoint spans overlap start..end: only the last span starting before `end` can."""
    k = bisect.bisect_left(spans, (end,)) - 1
    return k >= 0 and spans[k][1] > start


def inside(spans: list[tuple[int, int]], char: int) -> bool:
    """Whether a character offset lies in one of the sorted disjoint spans."""
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The Doc's quote spans, found once."""
    cached = doc.user_data.get("news_quotes.quote_spans")
    if cached is None:
        cached = doc.user_data["news_quotes.quote_spans"] = _quote_spans(records.doc_text(doc))
    return cached


def refs_in(refs: list, lo: int, hi: int) -> list:
    """The refs (sorted by first token) whose first token lies in lo..hi-1: a bisection, not a scan."""
    return refs[bisect.bisect_left(refs, lo, key=_first) : bisect.bisect_left(refs, hi, key=_first)]


def _first(ref: tuple) -> int:
    return ref[0]


# ---------------------------------------------------------------- subjects and pronouns


def person_genders(doc: Doc) -> dict[str, str]:
    """Actor id -> "f" or "m" where the text shows a person's gender: a role noun right before a mention
    ("Außenministerin Baerbock", "Kanzler Scholz"), Frau/Herr, or a description that takes the person up ("die
    Ministerin", "der 56-Jährige"); built once per Doc."""
    actors = records.get(doc, "actors")

    def build() -> dict[str, str]:
        roles = actor_lexicon()
        text = records.doc_text(doc)
        out: dict[str, str] = {}
        for actor in actors:
            if actor.type != "PERSON":
                continue
            for m in actor.mentions:
                own = m.text.split()
                if len(own) >= 2 and own[0].lower() in ("der", "die"):  # a description: "die Ministerin"
                    gender = "f" if own[0].lower() == "die" else "m"
                    out.setdefault(actor.id, gender)
                    break
                before = text[max(0, m.start - 40) : m.start].split()
                if not before:
                    continue
                word = before[-1].strip(",(")
                if word == "Frau":
                    out[actor.id] = "f"
                    break
                if word in ("Herr", "Herrn"):
                    out[actor.id] = "m"
                    break
                head = word.rsplit("-", 1)[-1]
                if head[:1].isupper() and roles.role_of(head):
                    if head.endswith("e"):  # "die Vorsitzende", "der Beauftragte": the article tells
                        det = before[-2].lower() if len(before) >= 2 else ""
                        if det in ("die", "der"):
                            out[actor.id] = "f" if det == "die" else "m"
                            break
                        continue
                    out[actor.id] = "f" if head.endswith(("in", "innen")) else "m"
                    break
        return out

    return records.derived(doc, "news_quotes.genders", actors, build)


def _actor_types(doc: Doc) -> dict[str, str]:
    actors = records.get(doc, "actors")
    return records.derived(doc, "news_quotes.actor_types", actors, lambda: {a.id: a.type for a in actors})


def _groups(doc: Doc) -> set[str]:
    """The person actors that are groups of people (Separatisten, Demonstranten, 200 Soldaten): plural."""
    actors = records.get(doc, "actors")

    def build() -> set[str]:
        lex = actor_lexicon()
        return {a.id for a in actors if a.type == "PERSON" and (a.count is not None or lex.group_of(a.name))}

    return records.derived(doc, "news_quotes.groups", actors, build)


def _plural_verb(doc: Doc, k: int, hi: int) -> bool | None:
    """The number of the finite verb next to a pronoun at k: True plural, False singular, None unknown."""
    for q in (k + 1, k - 1, k + 2, k - 2):
        if 0 <= q < hi and doc[q].pos_ in ("VERB", "AUX"):
            number = doc[q].morph.get("Number")
            if number:
                return number[0] == "Plur"
            low = doc[q].lower_
            if low.endswith(("en", "ten")) and low not in ("wollten",):
                return True
            if low.endswith(("t", "te", "e")):
                return False
    return None


def resolve_pronoun(
    doc: Doc, k: int, refs: list, prev: Attribution | None = None
) -> tuple[str, records.Mention] | None:
    """The actor a personal pronoun at token k takes up: "er" a person not known to be a woman, singular "sie" a
    woman or an institution, plural "sie" an institution, country or group; the last speaker when they fit, else
    the first fitting subject-like mention of the nearest earlier sentence that has one (up to three back)."""
    tok = doc[k]
    hit = actor_at(doc, tok.idx, tok.idx + len(tok.text))
    if hit:
        return hit
    low = tok.lower_
    if low not in grammar("personal"):
        return None
    types, genders = _actor_types(doc), person_genders(doc)
    sent = segment_at(doc, k)
    plural = _plural_verb(doc, k, sent.end) if low == "sie" else False

    groups = _groups(doc)

    def fits(aid: str) -> bool:
        kind, gender = types.get(aid), genders.get(aid)
        one = kind == "PERSON" and aid not in groups  # a person, not a group of people ("Separatisten")
        if low == "er":
            return one and gender != "f"
        if plural:
            return not one
        if plural is None:
            return gender != "m"
        return (one and gender != "m") or kind == "ORG"

    if prev is not None and prev.speaker and prev.mention and fits(prev.speaker):
        return prev.speaker, prev.mention
    # this sentence before the pronoun, then the sentences before it
    lo = sent.start
    for _ in range(4):
        here = [r for r in refs_in(refs, lo, k) if fits(r[2]) and not oblique(doc, r[0], lo)]
        if not here:
            here = [r for r in refs_in(refs, lo, k) if fits(r[2])]
        if here:
            return here[0][2], here[0][3]
        if lo == 0:
            break
        k = lo
        lo = segment_at(doc, lo - 1).start
    return None


def oblique(doc: Doc, i: int, lo: int) -> bool:
    """Whether the noun phrase of a mention starting at token i is governed by a preposition or has a dative,
    accusative or genitive determiner ("mit dem russischen Präsidenten Putin", "den Plan", "der Kanzlerin"): then it
    is no subject. A genitive attribute counts as its head noun's phrase ("der Sprecher des Ministeriums")."""
    if genitive_after_noun(doc, i):
        return True
    j = i - 1
    while j > lo and doc[j].text[:1].islower() and doc[j].pos_ == "ADJ":
        j -= 1
    if j - 1 >= lo and doc[j].lower_ in ("der", "des") and doc[j - 1].tag_ == "NN":
        return True  # "die Forderungen der Rebellen": a genitive attribute of the noun before
    preps = table("prepositions")
    q = i - 1
    det: str | None = None
    det_at = -1
    steps = 0
    while q >= lo and steps < 8:
        t = doc[q]
        low = t.lower_
        if low in preps and low not in ("als", "wie"):
            return True
        if t.pos_ == "DET" or low in ("der", "die", "das", "ein", "eine"):
            det, det_at = low, q
        elif t.pos_ in ("ADJ", "NUM") or (t.pos_ in ("NOUN", "PROPN") and t.text[:1].isupper()) or t.text == "-":
            pass
        else:
            break
        q -= 1
        steps += 1
    if det is None:
        return False
    if det in grammar("oblique") or (len(det) > 4 and det.endswith(("em", "en"))):
        return True
    # "der Kanzlerin", "der Ministerin": der before a feminine noun is dative or genitive
    nxt = doc[det_at + 1] if det_at + 1 < len(doc) else None
    return bool(det == "der" and nxt is not None and nxt.text[:1].isupper() and nxt.lower_.endswith("in"))


def phrase_head(doc: Doc, ref: tuple, cands: list, hi: int) -> tuple:
    """The last actor of the noun phrase a mention opens, when it is a person: "Nato-Sprecherin Oana Lungescu",
    "Frankreichs Präsident Macron"."""
    q = ref[1]
    best = ref
    while q < hi and q < ref[1] + 5:
        t = doc[q]
        if t.pos_ == "DET" or t.lower_ in grammar("nominative") | grammar("oblique"):
            break  # a new noun phrase: "warf Scholz dem FDP-Chef vor"
        at = [r for r in cands if r[0] == q]
        if at:
            if at[0][4] == "PERSON":
                best = at[0]
            q = at[0][1]
            continue
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.text[:1].isupper() or t.text == "-":
            q += 1
            continue
        break
    return best


def source_of(doc: Doc, cands: list, lo: int) -> tuple[str, records.Mention] | None:
    """The body an impersonal statement comes from: a country or organisation after in/aus/bei ("in Berlin wird das
    als Zeichen verstanden", "hieß es aus dem Kanzleramt")."""
    for r in cands:
        if r[4] == "PERSON":
            continue
        gov = [doc[q].lower_ for q in range(max(lo, r[0] - 2), r[0])]
        if any(g in grammar("source") for g in gov):
            return r[2], r[3]
    # a capital after "in" stands for its country's government ("in Kiew wurde das begrüßt"), when the text names
    # that country as an actor
    sent = segment_at(doc, lo)
    for q in range(lo, min(sent.end, lo + 40) - 1):
        if doc[q].lower_ not in grammar("source") or _in_quote(doc, q):
            continue
        nxt = doc[q + 1]
        capital = [p for kind, p in actor_lexicon().phrases.get((nxt.text,), []) if kind == "capital"]
        if capital:
            country = [a for a in records.get(doc, "actors") if a.type == "GPE" and a.country == capital[0]]
            if country:
                return country[0].id, records.Mention.of(doc, nxt.idx, nxt.idx + len(nxt.text))
    return None


def is_passive(doc: Doc, k: int, lo: int, hi: int) -> bool:
    """A participle with a form of werden in its clause: "wurde kritisiert", "sei gewarnt worden"."""
    return doc[k].tag_ == "VVPP" and any(doc[q].lower_ in grammar("werden") for q in range(lo, hi))


def _in_quote(doc: Doc, k: int) -> bool:
    return inside(doc_quotes(doc), doc[k].idx)


def _clause_bounds(doc: Doc, k: int) -> tuple[int, int]:
    """The clause holding token k: between clause boundaries (commas, colons, dashes) and quote marks."""
    sent = segment_at(doc, k)
    view = _view(doc, sent)
    lo, hi = view.clause_range(k)
    quoted = _in_quote(doc, k)
    a = k
    while a > lo and doc[a - 1].text not in QUOTE_MARKS and _in_quote(doc, a - 1) == quoted:
        a -= 1
    b = k + 1
    while b < hi and doc[b].text not in QUOTE_MARKS and _in_quote(doc, b) == quoted:
        b += 1
    return a, b


def _view(doc: Doc, sent) -> SentenceView:
    cache = doc.user_data.setdefault("news_quotes.views", {})
    view = cache.get(sent.start)
    if view is None:
        view = cache[sent.start] = SentenceView(sent)
    return view


def subject_of(
    doc: Doc, k: int, refs: list | None = None, prev: Attribution | None = None, follow: bool = True
) -> tuple[str, records.Mention] | None:
    """The actor that is the subject of the verb at token k (see _subject); a description that names a person by
    nationality or office but was read as a country ("die Italienerin", "die CDU-Vorsitzende") is the person of that
    gender and country mentioned last."""
    refs = mention_tokens(doc) if refs is None else refs
    hit = _subject(doc, k, refs, prev, follow)
    return as_person(doc, hit, refs) if hit else None


def as_person(doc: Doc, hit: tuple[str, records.Mention], refs: list) -> tuple[str, records.Mention]:
    """A country actor whose mention is a singular person description ("der Franzose", "die Italienerin", "die
    CDU-Vorsitzende") taken up as the last person of that gender (and country) mentioned before it."""
    aid, mention = hit
    words_ = mention.text.split()
    if len(words_) == 1:  # "die Italienerin" where the mention is the noun alone
        before = records.doc_text(doc)[max(0, mention.start - 8) : mention.start].split()
        words_ = before[-1:] + words_
    if _actor_types(doc).get(aid) != "GPE" or len(words_) != 2 or not words_[1][:1].isupper():
        return hit
    det, noun = words_[0].lower(), words_[1]
    actors = {a.id: a for a in records.get(doc, "actors")}
    actor = actors.get(aid)
    if actor is None or noun.lower().rstrip("s") == actor.name.lower():  # "die Ukraine" is the country
        return hit
    if det == "der":
        gender = "m"
    elif det == "die" and noun.endswith(("in", "e")):
        gender = "f"
    else:
        return hit
    genders = person_genders(doc)
    for r in reversed([r for r in refs if r[3].end <= mention.start]):
        other = actors.get(r[2])
        if other is None or other.type != "PERSON" or genders.get(other.id, gender) != gender:
            continue
        if actor.country and other.country and other.country != actor.country:
            continue
        return other.id, mention
    return hit


def _unnamed_subject_before(doc: Doc, lo: int, k: int) -> bool:
    """The clause opens, right before its verb at k, with a nominative phrase of a body or an office that names no
    actor ("Die Opposition", "Der Sprecher"): the subject, so no name after the verb is."""
    # "Der Präsident hat sich hinter Riad gestellt": the finite auxiliary closes the prefield, not the participle
    k = next((q for q in range(lo + 1, k) if doc[q].tag_ in ("VAFIN", "VMFIN", "VVFIN")), k)
    first = next((q for q in range(lo, k) if not doc[q].is_punct), None)
    if first is None or doc[first].lower_ not in grammar("nominative") or k - first > 8:
        return False
    end = k
    # a genitive after the head is part of the phrase ("Ein Sprecher der Regierung kritisierte"); no actor stands
    # before the verb when this is asked, so the genitive names none
    gen = next((q for q in range(first + 2, k) if doc[q].lower_ in ("der", "des") and doc[q - 1].tag_ == "NN"), None)
    if gen is not None and doc[k - 1].tag_ == "NN" and all(doc[q].text[:1].islower() for q in range(gen, k - 1)):
        end = gen
    if end - first > 4 or doc[end - 1].tag_ != "NN":
        return False
    if any(not doc[q].text[:1].islower() for q in range(first + 1, end - 1)):
        return False  # another noun or a name in the phrase
    head = doc[end - 1].text
    bodies = words("acting_body_nouns")
    return any(head == b or head.endswith(b.lower()) for b in bodies) or bool(actor_lexicon().role_of(head))


def _subject(
    doc: Doc, k: int, refs: list, prev: Attribution | None = None, follow: bool = True
) -> tuple[str, records.Mention] | None:
    """The actor that is the subject of the verb at token k, by word order and case: in a passive the 'von'-agent;
    else the first actor of the clause before the verb that is not oblique (the Vorfeld, or the subject of a
    verb-final clause), else the first one after it; a pronoun resolved; a clause that opens with its verb (or a
    relative pronoun) takes the subject of the clause before (X lobte A, kritisierte aber B)."""
    lo, hi = _clause_bounds(doc, k)
    sent = segment_at(doc, k)
    in_quote = _in_quote(doc, k)

    def usable(r: tuple) -> bool:
        return _in_quote(doc, r[0]) == in_quote and (r[0] == 0 or doc[r[0] - 1].text != "(")

    cands = [r for r in refs_in(refs, lo, hi) if usable(r) and not (r[0] <= k < r[1])]
    # passive: "wurde von der Opposition kritisiert"
    if is_passive(doc, k, lo, hi):
        for r in cands:
            gov = {doc[q].lower_ for q in range(max(lo, r[0] - 2), r[0])}
            if gov & grammar("agent"):
                return r[2], r[3]
        return source_of(doc, cands, lo)  # "in Kiew wurde das mit Erleichterung aufgenommen"
    if k + 1 < hi and doc[k + 1].lower_ == "es" and doc[k + 1].pos_ == "PRON":
        return source_of(doc, cands, lo)  # "hieß es aus dem Kanzleramt"
    before = [r for r in cands if r[1] <= k and not oblique(doc, r[0], lo)]
    fin = next((q for q in range(lo + 1, k) if doc[q].tag_ in ("VAFIN", "VMFIN", "VVFIN")), k)
    if before and all(r[0] > fin for r in before) and _unnamed_subject_before(doc, lo, k):
        return None  # "Der Präsident hat sich hinter Riad gestellt": the names in the midfield are no subject
    pron_before = [q for q in range(lo, k) if doc[q].lower_ in grammar("personal") and doc[q].pos_ == "PRON"]
    if before:
        person = [r for r in before if r[4] == "PERSON"]
        first = next((q for q in range(lo, hi) if not doc[q].is_punct), lo)
        opener = doc[first].lower_
        subordinate = opener in words("subordinators") and doc[first].pos_ != "DET"  # not the article "der"
        if subordinate or opener in grammar("clause_opener"):
            return before[0][2], before[0][3]
        pick = person[-1] if person else before[0]
        return pick[2], pick[3]
    if pron_before and not _in_quote(doc, pron_before[0]):
        hit = resolve_pronoun(doc, pron_before[0], refs, prev)
        if hit:
            return hit
    if _unnamed_subject_before(doc, lo, k):
        return None  # "Die Opposition wirft der Regierungspartei Fidesz vor": the subject names no actor
    # after the verb: the first non-oblique actor or personal pronoun of the clause (the person its noun phrase
    # ends in: "die frühere Nato-Sprecherin Oana Lungescu"); a nominative noun phrase that names no actor ("warf das
    # Ministerium Moskau vor") is the subject, so no later name is
    q = k + 1
    while q < min(hi, k + 12):
        t = doc[q]
        if t.lower_ in grammar("personal") and t.pos_ == "PRON" and not _in_quote(doc, q):
            return resolve_pronoun(doc, q, refs, prev)
        at = [r for r in cands if r[0] == q]
        if at and not oblique(doc, q, k + 1):
            head = phrase_head(doc, at[0], cands, hi)
            return head[2], head[3]
        if at:
            q = at[0][1]
            continue
        if t.lower_ in grammar("nominative") and (q == k + 1 or doc[q - 1].pos_ not in ("ADP",)):
            noun = next((p for p in range(q + 1, min(hi, q + 5)) if doc[p].pos_ in ("NOUN", "PROPN")), None)
            if noun is not None and not [r for r in cands if r[0] <= noun < r[1]]:
                named = [r for r in cands if r[0] == noun + 1]
                if named:  # "der stellvertretende Außenminister Alexander Gruschko"
                    head = phrase_head(doc, named[0], cands, hi)
                    return head[2], head[3]
                gen = [r for r in cands if noun < r[0] <= noun + 3 and doc[noun + 1].lower_ in ("des", "der")]
                if gen:  # "der Sprecher des Ministeriums"
                    return gen[0][2], gen[0][3]
                return None
        q += 1
    if not follow or lo <= sent.start:
        return None
    # a clause that opens with its verb (after "und", "aber", an adverb) or a relative pronoun: the clause before
    opener = [q for q in range(lo, k) if not doc[q].is_punct]
    relative = bool(opener) and doc[opener[0]].lower_ in words("relative_subjects") and len(opener) <= 3
    if len(opener) <= 2 or relative:
        prev_end = lo - 1
        while prev_end > sent.start and doc[prev_end - 1].is_punct:
            prev_end -= 1
        if prev_end <= sent.start:
            return None
        if relative:
            last = [r for r in refs_in(refs, sent.start, prev_end) if usable(r)]
            return (last[-1][2], last[-1][3]) if last else None
        verbs = [q for q in range(sent.start, prev_end) if doc[q].pos_ in ("VERB", "AUX")]
        if verbs:
            return _subject(doc, verbs[0], refs, prev, follow=False)
        # an apposition before the verb: "Der Sprecher des Kremls, Dmitri Peskow, sagte"
        last = [r for r in refs_in(refs, sent.start, prev_end) if usable(r) and not oblique(doc, r[0], sent.start)]
        return (last[-1][2], last[-1][3]) if last else None
    return None


# ---------------------------------------------------------------- attribution


@dataclass
class Attribution:
    speaker: str | None
    mention: records.Mention | None
    cue: records.Mention | None
    sent: tuple[int, int]  # token range
    reported: bool  # the sentence is (partly) someone's speech
    cue_span: tuple[int, int] | None = None  # tokens of the cue and the speaker phrase, not the speech itself


def _span_mention(doc: Doc, a: int, b: int) -> records.Mention:
    return records.Mention.of(doc, doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))


def _prep_speaker(doc: Doc, lex: SpeechCues, lo: int, hi: int, refs: list) -> tuple | None:
    """laut X, so X, nach Angaben von X, nach den Worten Poroschenkos, aus Sicht von X; X zufolge; nach Merkels
    Darstellung."""
    lows = [doc[q].lower_ for q in range(lo, hi)]
    sent_refs = [r for r in refs_in(refs, lo, hi) if not _in_quote(doc, r[0])]
    for k in range(len(lows)):
        if _in_quote(doc, lo + k):
            continue
        for words_ in lex.preps:
            n = len(words_)
            if lows[k : k + n] != words_:
                continue
            if words_ == ["so"] and not (k > 0 and lows[k - 1] in grammar("so_before")):
                continue
            nxt = [r for r in sent_refs if lo + k + n <= r[0] <= lo + k + n + 3]
            if nxt:
                r = nxt[0]
                return r[2], r[3], _span_mention(doc, lo + k, lo + k + n), (lo + k, r[1])
        # "nach Merkels Darstellung", "aus europäischer Sicht", "von russischer Seite" ("nach eigenen Angaben" has
        # no speaker)
        if lows[k] in grammar("perspective_prep") and k + 2 < len(lows) and lows[k + 2] in grammar("perspective"):
            at = [r for r in sent_refs if r[0] == lo + k + 1]
            hit = (at[0][2], at[0][3]) if at else _adjective_actor(doc, lo + k + 1)
            if hit:
                return hit[0], hit[1], _span_mention(doc, lo + k, lo + k + 3), (lo + k, lo + k + 3)
        if lows[k] in lex.post:
            prevr = [r for r in sent_refs if r[1] <= lo + k and lo + k - r[1] <= 2]
            if prevr:
                r = prevr[-1]
                return r[2], r[3], _span_mention(doc, lo + k, lo + k + 1), (r[0], lo + k + 1)
    return None


def _adjective_actor(doc: Doc, i: int) -> tuple[str, records.Mention] | None:
    """The country or region actor an adjective names ("aus europäischer Sicht", "von russischer Seite"): by the
    actors' lexicon of country adjectives, else by the stem it shares with an actor of the text (europäisch,
    Europäer)."""
    tok = doc[i]
    if not tok.is_lower or not tok.is_alpha:
        return None
    mention = records.Mention.of(doc, tok.idx, tok.idx + len(tok.text))
    actors = [a for a in records.get(doc, "actors") if a.type in ("GPE", "ORG")]
    code = actor_lexicon().adjective_country(tok.text)
    if code:
        same = [a for a in actors if a.type == "GPE" and a.country == code]
        return (same[0].id, mention) if same else None
    low = tok.lower_
    for end in ("er", "en", "es", "em", "e"):
        if low.endswith(end):
            low = low[: -len(end)]
            break
    stem = low.removesuffix("isch")
    if len(stem) < 4:
        return None
    for a in actors:
        names = [a.name] + [m.text for m in a.mentions]
        if any(n.lower().startswith(stem) for n in names):
            return a.id, mention
    return None


def _colon_speaker(doc: Doc, lo: int, hi: int, refs: list) -> tuple | None:
    """X: „…“ and headlines "Scholz: Europa muss mehr tun": an actor (with its role words) and nothing else before
    a colon near the start of the sentence."""
    for q in range(lo + 1, min(hi - 1, lo + 7)):
        if doc[q].text != ":":
            continue
        head = refs_in(refs, lo, q)
        if not head or any(doc[p].pos_ in ("VERB", "AUX") for p in range(lo, q)):
            return None
        r = head[-1]
        if r[1] != q or r[4] == "GPE":  # "Berlin:" is a dateline
            return None
        return r[2], r[3], _span_mention(doc, q, q + 1), (lo, q + 1)
    return None


def _verb_speaker(doc: Doc, lex: SpeechCues, lo: int, hi: int, refs: list, prev: Attribution | None) -> tuple | None:
    """The subject of the sentence's speech verb: a plain verb of saying before the others, a negated one ("wollte
    nicht einräumen") last, else the first."""
    found = []
    negators = words("negators")
    for k in range(lo, hi):
        if _in_quote(doc, k) or not lex.is_verb(doc, k, hi):
            continue
        a, b = _clause_bounds(doc, k)
        negated = any(doc[q].lower_ in negators for q in range(a, b))
        rank = 2 if negated else 0 if (doc[k].lemma_ or "").lower() in lex.say else 1
        found.append((rank, k, a, b))
        if rank == 0:
            break
    for _rank, k, a, b in sorted(found):
        hit = subject_of(doc, k, refs, prev)
        if hit:
            return hit[0], hit[1], _span_mention(doc, k, k + 1), (a, b)
    return None


def _konjunktiv(doc: Doc, lex: SpeechCues, lo: int, hi: int) -> bool:
    """A finite Konjunktiv I form outside quotes (sei, habe, werde, liege): reported speech."""
    for q in range(lo, hi):
        t = doc[q]
        if _in_quote(doc, q):
            continue
        if t.lower_ in lex.subj:
            return True
        if t.pos_ in ("VERB", "AUX") and "Sub" in t.morph.get("Mood") and not t.lower_.endswith(("te", "ten")):
            return True
    return False


def attributions(doc: Doc) -> list[Attribution]:
    """One Attribution per sentence (cached on the Doc), the speaker None where nobody speaks."""
    cached = doc.user_data.get("news_quotes.attributions")
    if cached is not None:
        return cached
    lex = SpeechCues.get()
    refs = mention_tokens(doc)
    out: list[Attribution] = []
    prev: Attribution | None = None
    last_speaker: Attribution | None = None
    last_seg = -9
    for sent in segments(doc):
        lo, hi = sent.start, sent.end
        recent = last_speaker if last_speaker is not None and last_seg >= len(out) - 2 else None
        found = (
            _colon_speaker(doc, lo, hi, refs)
            or _prep_speaker(doc, lex, lo, hi, refs)
            or _verb_speaker(doc, lex, lo, hi, refs, recent)
        )
        speaker = mention = cue = cue_span = None
        if found:
            speaker, mention, cue, cue_span = found
            speaker, mention = as_person(doc, (speaker, mention), refs)
        reported = bool(speaker)
        heading = is_heading(sent)
        if not speaker and prev is not None and prev.speaker and not heading:
            all_quote = hi > lo and (_in_quote(doc, lo) or any(_in_quote(doc, q) for q in range(lo, min(lo + 2, hi))))
            if all_quote or _konjunktiv(doc, lex, lo, hi):
                speaker, mention, cue, reported = prev.speaker, prev.mention, prev.cue, True
        att = Attribution(speaker, mention, cue, (lo, hi), reported, cue_span)
        out.append(att)
        if att.speaker:
            last_speaker, last_seg = att, len(out) - 1
        if not heading:  # a heading between two sentences of one speaker does not end the speech
            prev = att if att.speaker else None
    doc.user_data["news_quotes.attributions"] = out
    return out


def speaker_at(doc: Doc, char: int) -> tuple[str, records.Mention] | None:
    """The speaker of the sentence containing character offset `char`, if the text names one."""
    atts = attributions(doc)
    cached = doc.user_data.get("news_quotes.sentence_chars")
    if cached is None or cached[0] is not atts:
        # (first char, one past the last char + 1, attribution) per sentence, in order: starts and ends only grow
        bounds = []
        for att in atts:
            lo, hi = att.sent
            if hi > lo:
                bounds.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]) + 1, att))
        cached = (atts, bounds, [b[0] for b in bounds])
        doc.user_data["news_quotes.sentence_chars"] = cached
    _atts, bounds, starts = cached
    # the first sentence whose range holds the offset: the last one starting by it, or the one before (the ranges
    # reach one character past a sentence, into the next one when no space separates them)
    k = bisect.bisect_right(starts, char) - 1
    for q in (k - 1, k):
        if q >= 0 and bounds[q][0] <= char < bounds[q][1]:
            att = bounds[q][2]
            if att.speaker and att.mention:
                return att.speaker, att.mention
            return None
    return None


def find_quotes(doc: Doc, lex: SpeechCues, use_ents: bool = True) -> list[records.Quote]:
    """Direct quotes with the speaker of the sentences they stand in, then reported speech outside quotes."""
    atts = attributions(doc)
    out = []
    spans = doc_quotes(doc)
    bounds = [
        (doc[t.sent[0]].idx, doc[t.sent[1] - 1].idx + len(doc[t.sent[1] - 1]), t) for t in atts if t.sent[1] > t.sent[0]
    ]
    # sentences are disjoint and in order, so starts and ends both grow: the overlapping ones are one stretch
    starts = [s for s, _e, _t in bounds]
    ends = [e for _s, e, _t in bounds]
    for a, b in spans:
        # the sentences the quote overlaps, the one holding its closing mark first ("„…“, sagte sie.")
        near = bounds[bisect.bisect_right(ends, a) : bisect.bisect_left(starts, b)]
        overlapping = [t for s, e, t in near if s < b and a < e]
        closing = [t for s, e, t in near if s <= b - 1 < e]
        att = next((t for t in closing + overlapping if t.speaker), None)
        out.append(records.Quote(a, b, att.speaker if att else None, att.cue if att else None, True))
    for att in atts:
        lo, hi = att.sent
        if not att.speaker or hi <= lo:
            continue
        s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if _overlaps(spans, s, e):
            continue
        out.append(records.Quote(s, e, att.speaker, att.cue, False))
    out.sort(key=lambda q: q.start)
    return out


class QuoteTagger(ListComponent):
    """Sets doc._.quotes (list[records.Quote]); the attributions per sentence stay cached on the Doc."""

    extension = "quotes"


@Language.factory("news_quotes", default_config={})
def make_quotes(nlp: Language, name: str) -> QuoteTagger:
    return QuoteTagger(name, find_quotes, SpeechCues.get())
