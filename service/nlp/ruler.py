"""news_entity_ruler: gazetteer and role-pattern entities (PER, ORG, LOC, MISC) placed before the statistical NER.

The statistical model was trained on little data and misses many names that news texts use all the time
(Nato, Kreml, Bundesregierung, countries, nationality adjectives, "US-Präsident Donald Trump"). This component
marks them from data files in data/ruler/ so that the NER, which runs after it, keeps them and predicts the
rest around them. On the blank pipeline its entities are the only ones. It matches on token text only, so it
needs no tagger; when POS tags exist they tighten the role-triggered person pattern.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .component import guarded
from .wordlists import ordered, words

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data" / "ruler"
LABELS = ("PER", "ORG", "LOC", "MISC")
ADJ_ENDINGS = ordered("adjective_endings")
# Capitalised words that can follow a role word without being a name.
NOT_NAME = words("not_names")
NAME_PARTICLES = words("name_particles")
NAME_RE = re.compile(r"^[A-ZÄÖÜÀ-ÝŁŚŻČŠŽ][\w'’.\-]*$")
INITIAL_RE = re.compile(r"^[A-ZÄÖÜ]\.$")
NAME_POS = {"PROPN", "X"}
MAX_NAME_TOKENS = 3


def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a data file: a '#' comment line, then a header row, then tab-separated rows."""
    if not path.exists():
        log.warning("entity ruler data file missing: %s", path)
        return []
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _read_words(path: Path) -> set[str]:
    """One word a line, '#' comment lines skipped; a missing file is an empty set."""
    if not path.exists():
        return set()
    with open(path, encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip() and not line.startswith("#")}


def _phrases(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(label, phrase) pairs from label/phrase rows, skipping unknown labels."""
    out = []
    for row in rows:
        label, phrase = (row.get("label") or "").strip(), (row.get("phrase") or "").strip()
        if label in LABELS and phrase:
            out.append((label, phrase))
    return out


def _nationality_forms(rows: list[dict[str, str]]) -> tuple[set[str], set[str]]:
    """Lower-case adjective forms (deutsche, europäischen, Berliner) and exact demonym nouns (Deutsche, Russen)."""
    adjectives, demonyms = set(), set()
    for row in rows:
        stem = (row.get("stem") or "").strip().lower()
        if stem:
            if stem.endswith("er"):
                adjectives.add(stem)
            else:
                adjectives.update(stem + ending for ending in ADJ_ENDINGS)
        for noun in (row.get("demonyms") or "").split("|"):
            if noun.strip():
                demonyms.add(noun.strip())
    return adjectives, demonyms


def _roles(rows: list[dict[str, str]]) -> tuple[set[str], tuple[str, ...], set[str]]:
    """Role words matched whole, role endings matched as suffixes, and forms of address (Herr, Frau), lower case."""
    words, suffixes, address = set(), [], set()
    for row in rows:
        role = (row.get("role") or "").strip().lower()
        if not role:
            continue
        match = (row.get("match") or "word").strip()
        if match == "suffix":
            suffixes.append(role)
        elif match == "address":
            address.add(role)
        words.add(role)
    return words, tuple(sorted(suffixes, key=len, reverse=True)), address


class NewsEntityRuler:
    """Adds gazetteer and role-pattern entities to doc.ents without touching entities already there."""

    def __init__(
        self,
        nlp: Language,
        name: str = "news_entity_ruler",
        data_dir: str | None = None,
        use_institutions: bool = True,
        use_persons: bool = True,
        use_roles: bool = True,
        use_nationalities: bool = True,
        use_given_names: bool = True,
        use_world_places: bool = False,
        use_surnames: bool = True,
    ) -> None:
        self.name = name
        folder = Path(data_dir) if data_dir else DATA_DIR
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        files = ["organisations.tsv", "places.tsv", "cities.tsv"]
        if use_institutions:
            files.append("institutions.tsv")
        if use_persons:
            files.append("persons.tsv")
        if use_world_places:
            files.append("world_places.tsv")
        by_label: dict[str, list[str]] = {label: [] for label in LABELS}
        seen: set[str] = set()
        # the first file that lists a phrase decides its label: hand-curated lists before generated ones
        for fname in files:
            for label, phrase in _phrases(_read_tsv(folder / fname)):
                if phrase not in seen:
                    seen.add(phrase)
                    by_label[label].append(phrase)
        self.adjectives: set[str] = set()
        if use_nationalities:
            self.adjectives, demonyms = _nationality_forms(_read_tsv(folder / "nationalities.tsv"))
            by_label["MISC"].extend(sorted(demonyms))
        for label, phrases in by_label.items():
            if phrases:
                # make_doc only tokenizes: patterns are built once per process, cheaply
                self.matcher.add(label, list(nlp.tokenizer.pipe(dict.fromkeys(phrases))))
        self.role_words, self.role_suffixes, self.address_words = (
            _roles(_read_tsv(folder / "roles.tsv")) if use_roles else (set(), (), set())
        )
        self.common_words = _read_words(folder / "common_words.txt")
        self.given_names = (
            _read_words(folder / "firstnames.txt") | _read_words(folder / "firstnames_extra.txt")
            if use_given_names
            else set()
        )
        self.gazetteer_words = {p for phrases in by_label.values() for p in phrases if " " not in p}
        self.surnames = _read_words(folder / "surnames.txt") if use_surnames else set()

    def __call__(self, doc: Doc) -> Doc:
        """Mark entities; a failure leaves the Doc as it was and is recorded under the failure policy."""
        return guarded(doc, self.name, lambda: self._annotate(doc), doc)

    def pipe(self, docs, batch_size: int = 128):
        """Process a stream of Docs."""
        for doc in docs:
            yield self(doc)

    def _annotate(self, doc: Doc) -> Doc:
        """Collect candidate spans, keep the longest non-overlapping ones, add those that do not clash."""
        if len(doc) == 0:
            return doc
        vocab = doc.vocab
        spans = [
            Span(doc, start, end, label=vocab.strings[key])
            for key, start, end in self.matcher(doc)
            if not self._inside_name(doc, start, end)
        ]
        spans.extend(self._adjective_spans(doc))
        spans.extend(self._ministry_spans(doc))
        spans.extend(self._role_person_spans(doc))
        spans.extend(self._given_name_spans(doc))
        spans.extend(self._surname_spans(doc))
        if not spans:
            return doc
        chosen = filter_spans(spans)
        taken = set()
        for ent in doc.ents:
            taken.update(range(ent.start, ent.end))
        new = [s for s in chosen if not taken.intersection(range(s.start, s.end))]
        if new:
            doc.set_ents(new, default="unmodified")
        return doc

    def _inside_name(self, doc: Doc, start: int, end: int) -> bool:
        """A capitalised demonym that is also an adjective (Deutsche) before a capitalised word is part of a name
        (Deutsche Bank, Deutsche Bahn) unless it opens the sentence (Deutsche Soldaten ...)."""
        if end - start != 1 or doc[start].lower_ not in self.adjectives or doc[start].is_sent_start:
            return False
        return end < len(doc) and doc[end].text[:1].isupper()

    def _adjective_spans(self, doc: Doc) -> list[Span]:
        """Nationality adjectives: lower case anywhere, capitalised only at a sentence start (not in names)."""
        if not self.adjectives:
            return []
        out = []
        for tok in doc:
            low = tok.lower_
            if low not in self.adjectives:
                continue
            if tok.text == low or (tok.is_sent_start and tok.text[1:] == low[1:]):
                out.append(Span(doc, tok.i, tok.i + 1, label="MISC"))
        return out

    def _ministry_spans(self, doc: Doc) -> list[Span]:
        """Any capitalised ...ministerium (Verteidigungsministerium, Kriegsministerium) is an organisation."""
        return [
            Span(doc, tok.i, tok.i + 1, label="ORG")
            for tok in doc
            if tok.text[:1].isupper() and tok.lower_.endswith(("ministerium", "ministeriums"))
        ]

    def _is_role(self, tok: Token) -> bool:
        """A role word, also inside a hyphenated compound (Nato-Generalsekretär) or as an ending (Außenminister)."""
        if not tok.text[:1].isupper():
            return False
        low = tok.lower_
        last = low.rsplit("-", 1)[-1]
        return last in self.role_words or low.endswith(self.role_suffixes)

    def _name_token(self, tok: Token, first: bool, tagged: bool) -> bool:
        """Could this token be part of a personal name right after a role word?"""
        text = tok.text
        if tok.lower_ in NOT_NAME or self._is_role(tok) or tok.lower_ in self.adjectives or text in self.common_words:
            return False
        if INITIAL_RE.match(text):
            return not first
        if not NAME_RE.match(text) or len(text) < 2 or text.isupper() and len(text) > 4:
            return False
        if tagged:
            return tok.pos_ in NAME_POS or (first and tok.pos_ == "NOUN")
        return True

    def _given_name_spans(self, doc: Doc) -> list[Span]:
        """A known given name followed by one or two name-like words (Mark Rutte, Tina Anselmi) -> PER."""
        if not self.given_names:
            return []
        tagged = doc.has_annotation("POS")
        out = []
        n = len(doc)
        for tok in doc:
            if tok.text not in self.given_names:
                continue
            i = tok.i + 1
            while i < n and i - tok.i <= 3:
                cur = doc[i]
                if cur.lower_ in NAME_PARTICLES and cur.text.islower():
                    j = i
                    while j < n and doc[j].lower_ in NAME_PARTICLES and doc[j].text.islower():
                        j += 1
                    if j < n and self._surname_token(doc[j], tagged):
                        i = j + 1
                        continue
                    break
                if not self._surname_token(cur, tagged):
                    break
                i += 1
                if cur.text not in self.given_names and not INITIAL_RE.match(cur.text):
                    break  # given name(s) + one surname: "Donald Trump Zölle" stops before "Zölle"
            if i > tok.i + 1:
                out.append(Span(doc, tok.i, i, label="PER"))
        return out

    def _surname_spans(self, doc: Doc) -> list[Span]:
        """A known politician's surname alone (Putin, Erdogans) -> PER: news name a person so after the first
        mention. Not after a capitalised word or before a gazetteer word: it is then part of a longer name (Bogd
        Khan), which the given-name patterns and the statistical NER mark better."""
        if not self.surnames:
            return []
        n = len(doc)
        out = []
        for tok in doc:
            if tok.text not in self.surnames:
                continue
            if tok.i > 0 and not tok.is_sent_start and doc[tok.i - 1].text[:1].isupper():
                continue
            if tok.i + 1 < n and doc[tok.i + 1].text in self.gazetteer_words:
                continue
            out.append(Span(doc, tok.i, tok.i + 1, label="PER"))
        return out

    def _surname_token(self, tok: Token, tagged: bool) -> bool:
        """A word after a given name that can be a surname: name-like, not a place or organisation we know."""
        if tok.text in self.gazetteer_words:
            return tok.text in self.given_names
        return (
            self._name_token(tok, False, tagged)
            and not INITIAL_RE.match(tok.text)
            or (
                INITIAL_RE.match(tok.text) is not None
                and tok.i + 1 < len(tok.doc)
                and tok.doc[tok.i + 1].text[:1].isupper()
            )
        )

    def _role_person_spans(self, doc: Doc) -> list[Span]:
        """Role word, then up to three capitalised name tokens (with von/van/de particles) -> PER."""
        if not self.role_words:
            return []
        tagged = doc.has_annotation("POS")
        out = []
        n = len(doc)
        for tok in doc:
            if not self._is_role(tok):
                continue
            i = tok.i + 1
            names: list[int] = []
            # after a form of address a particle may open the name (Frau von der Leyen, Herrn de Palacio)
            address = tok.lower_ in self.address_words
            while i < n and len(names) < MAX_NAME_TOKENS:
                cur = doc[i]
                if (names or address) and cur.lower_ in NAME_PARTICLES and cur.text.islower():
                    # particles only inside a name, and only when a capitalised part follows
                    j = i
                    while j < n and doc[j].lower_ in NAME_PARTICLES and doc[j].text.islower():
                        j += 1
                    if j < n and self._name_token(doc[j], False, tagged):
                        names.extend(range(i, j + 1))
                        i = j + 1
                        continue
                    break
                if not self._name_token(cur, not names, tagged):
                    break
                names.append(i)
                i += 1
                if len(names) == 2 and not any(
                    doc[k].text in self.given_names or INITIAL_RE.match(doc[k].text) for k in names
                ):
                    break  # two unknown capitalised words are a full name; a third is more likely a noun
            if names:
                out.append(Span(doc, names[0], names[-1] + 1, label="PER"))
        return out


@Language.factory(
    "news_entity_ruler",
    default_config={
        "data_dir": None,
        "use_institutions": True,
        "use_persons": True,
        "use_roles": True,
        "use_nationalities": True,
        "use_given_names": True,
        "use_world_places": False,
        "use_surnames": True,
    },
)
def make_news_entity_ruler(
    nlp: Language,
    name: str,
    data_dir: str | None,
    use_institutions: bool,
    use_persons: bool,
    use_roles: bool,
    use_nationalities: bool,
    use_given_names: bool,
    use_world_places: bool,
    use_surnames: bool,
) -> NewsEntityRuler:
    """Factory: reads the data files in data/ruler/ once, when the pipeline is built."""
    return NewsEntityRuler(
        nlp,
        name,
        data_dir,
        use_institutions,
        use_persons,
        use_roles,
        use_nationalities,
        use_given_names,
        use_world_places,
        use_surnames,
    )


class NewsEntityFilter:
    """Drops statistical PER entities made only of role words and common nouns ("Frau Präsidentin",
    "Agenda"): the data files say they are no names. (Single common nouns stay for ORG/LOC/MISC:
    "Kommission" is a name in parliamentary German.)

    spaCy's NER keeps the ruler's spans but cannot be told which tokens are surely not names, so the
    clean-up runs after it. Spans the ruler itself would produce never consist only of such words.
    """

    def __init__(self, nlp: Language, name: str, data_dir: str | None):
        folder = Path(data_dir) if data_dir else DATA_DIR
        self.name = name
        self.role_words, self.role_suffixes, _ = _roles(_read_tsv(folder / "roles.tsv"))
        self.common_words = {w.lower() for w in _read_words(folder / "common_words.txt")}

    def is_role(self, word: str) -> bool:
        low = word.lower().rsplit("-", 1)[-1]
        return low in self.role_words or low.endswith(self.role_suffixes)

    def keep(self, ent: Span) -> bool:
        words = [t.text for t in ent if not t.is_punct]
        if not words:
            return False
        return not (ent.label_ == "PER" and all(self.is_role(w) or w.lower() in self.common_words for w in words))

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            kept = guarded(doc, self.name, lambda doc=doc: [e for e in doc.ents if self.keep(e)], None)
            if kept is not None:
                doc.ents = kept
            yield doc


@Language.factory("news_entity_filter", default_config={"data_dir": None})
def make_news_entity_filter(nlp: Language, name: str, data_dir: str | None) -> NewsEntityFilter:
    """Factory: reads roles.tsv and common_words.txt once, when the pipeline is built."""
    return NewsEntityFilter(nlp, name, data_dir)
