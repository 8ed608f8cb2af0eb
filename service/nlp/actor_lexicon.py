"""Actor and place lexicons read once per process from service/nlp/data, shared by news_actors and news_places.

Everything a linguist may extend lives in the TSV files; this module only indexes them for matching.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .wordlists import ordered, table, words

DATA = Path(__file__).resolve().parent / "data"

# locative prepositions: a capital or country after them is a place, elsewhere it may act
LOC_PREPS = words("locative_prepositions")
DETERMINERS = words("articles")
DEFINITE = words("definite_articles")
# possessives stand where an article stands: "in ihrer angestammten Rolle"
POSSESSIVES = {p + e for p in words("possessive_stems") for e in ("", "e", "en", "er", "em", "es")}
CONJ = words("list_conjunctions")
ADJ_ENDINGS = ("", *ordered("adjective_endings"))
# capitalised words that start sentences or headlines but never names
FUNCTION_WORDS = words("function_words")
PARTICLES = words("name_particles")
NAME_RE = re.compile(r"^(?:[A-ZÄÖÜÉÈÁÍÓÚÇŠŽČ][\w’'\-\.]*|[A-Z]{1,3}\.?)$")
NUMBER_WORDS = {w: int(v) if v else None for w, v in table("number_words").items()}


def read_tsv(path: Path) -> list[dict]:
    """Rows of a project TSV (leading '#' comment lines, then a header row)."""
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    rows = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        parts = ln.split("\t")
        rows.append({h: (parts[i].strip() if i < len(parts) else "") for i, h in enumerate(header)})
    return rows


def split_list(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def words_of(text: str) -> tuple[str, ...]:
    """The token texts a German spaCy tokenizer makes of a lexicon entry (punctuation split, hyphens kept)."""
    return tuple(re.findall(r"[\w’'\-\.]+(?<!\.)|\.|[^\w\s]", text))


def genitive(name: str) -> str | None:
    """'Russland' -> 'Russlands'; None where German writes no -s (Paris, Brüssel has Brüssels)."""
    return None if name[-1:] in "sßxz" or " " in name else name + "s"


@dataclass
class Country:
    iso3: str
    name: str
    adjectives: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)


@dataclass
class Org:
    canonical: str
    type: str
    country: str | None
    kind: str
    bare: bool


@dataclass
class Person:
    name: str
    country: str | None
    curated: bool


@dataclass
class GazEntry:
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int


class Lexicon:
    """Indexes of the data files: phrase tables keyed by token tuples, role heads, given names, German nouns."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.phrases: dict[tuple[str, ...], list[tuple[str, object]]] = {}
        self.prefix: dict[str, tuple[str, object]] = {}  # "US" -> ("country", iso3), "Nato" -> ("org", Org)
        self.adjectives: dict[str, str] = {}  # stem -> iso3
        self.city_adjectives: dict[str, str] = {}  # filled lazily from the gazetteer
        self.roles: dict[str, tuple[str, str, bool]] = {}  # form -> (role, number, head)
        self.role_heads: list[tuple[str, str, str]] = []  # (lower form, role, number), longest first
        self.people_surnames: dict[str, list[Person]] = {}
        self.surnames: set[str] = set()
        self.capitals: set[str] = set()  # last words of every listed person
        self.firstnames: set[str] = set()
        self.words: set[str] = set()
        self.nouns: set[str] = set()
        self.gazetteer: dict[tuple[str, ...], list[GazEntry]] = {}
        self.max_len = 1
        self.facility_words: set[str] = set()
        self.facilities: dict[str, set[str]] = {}  # position -> words
        self.org_descriptors: dict[str, bool] = {}  # head -> may end a one-word name
        self.groups: dict[str, tuple[str, str]] = {}  # plural group noun -> (label, people | forces)
        self.role_countries: dict[str, str] = {}  # role form -> the country it implies (Kremlchef -> RUS)
        self.role_classes: dict[str, str] = {}  # normalized role -> class a description may take it up by
        self._load()

    # ------------------------------------------------------------------ loading
    def _add(self, text: str, kind: str, payload: object) -> None:
        key = words_of(text)
        if not key:
            return
        self.phrases.setdefault(key, []).append((kind, payload))
        self.max_len = max(self.max_len, len(key))

    def _load(self) -> None:
        for row in read_tsv(DATA / "countries.tsv"):
            c = Country(
                row["iso3"],
                row["name_de"],
                split_list(row.get("adjectives", "")),
                split_list(row.get("prefixes", "")),
                split_list(row.get("capitals", "")),
            )
            self.countries[c.iso3] = c
            for n in [c.name, *split_list(row.get("names_alt", ""))]:
                self._add(n, "country", c.iso3)
                if genitive(n):
                    self._add(genitive(n), "country", c.iso3)
            # only curated countries (those with adjectives) lend their capitals to metonymy: "Douglas"
            # (Isle of Man) or "Victoria" (Seychelles) are far more often people
            for cap in c.capitals if c.adjectives else []:
                self.capitals.add(cap)
                self._add(cap, "capital", c.iso3)
                if genitive(cap):
                    self._add(genitive(cap), "capital", c.iso3)
            for d in split_list(row.get("demonyms", "")):
                self._add(d, "demonym", c.iso3)
            for a in c.adjectives:
                self.adjectives[a.lower()] = c.iso3
            for p in c.prefixes:
                self.prefix[p] = ("country", c.iso3)
        for row in read_tsv(DATA / "actors" / "organisations.tsv"):
            org = Org(row["canonical"], row["type"] or "ORG", row["country"] or None, row["kind"], row["bare"] == "y")
            names = (
                split_list(row["variants"])
                if org.kind == "demonym"
                else [row["canonical"], *split_list(row["variants"])]
            )
            for n in names:
                self._add(n, "org", org)
                if org.kind not in ("institution", "anaphor") and genitive(n) and n.upper() != n:
                    self._add(genitive(n), "org", org)
                if row["prefix"] == "y" and " " not in n:
                    self.prefix.setdefault(n, ("org", org))
        for row in read_tsv(DATA / "actors" / "roles.tsv"):
            self.roles[row["form"]] = (row["role"], row["number"], row["head"] == "y")
            if (row.get("country") or "").strip():
                self.role_countries[row["form"]] = row["country"].strip()
            if row["head"] == "y":
                self.role_heads.append((row["form"].lower(), row["role"], row["number"]))
        self.role_heads.sort(key=lambda r: -len(r[0]))
        for fname, curated in (("people_extra.tsv", True), ("people.tsv", False)):
            for row in read_tsv(DATA / "actors" / fname):
                person = Person(row["name"], row["country"] or None, curated)
                for n in [row["name"], *split_list(row["aliases"])]:
                    if len(words_of(n)) >= 2:
                        self._add(n, "person", person)
                self.surnames.add(words_of(row["name"])[-1])
                if curated:
                    self.people_surnames.setdefault(words_of(row["name"])[-1], []).append(person)
                    for a in split_list(row["aliases"]):
                        self.people_surnames.setdefault(words_of(a)[-1], []).append(person)
        for row in read_tsv(DATA / "places" / "facilities.tsv"):
            self.facilities.setdefault(row["position"], set()).add(row["word"])
            if row["position"] in ("before", "after"):
                self.facility_words.add(row["word"].split()[-1])
        for row in read_tsv(DATA / "actors" / "role_classes.tsv"):
            self.role_classes[row["role"]] = row["class"]
        for row in read_tsv(DATA / "actors" / "groups.tsv"):
            self.groups[row["form"]] = (row["label"], row["kind"])
        for row in read_tsv(DATA / "actors" / "org_descriptors.tsv"):
            self.org_descriptors[row["head"]] = row["suffix"] == "y"
        for fname in ("firstnames.tsv", "firstnames_extra.tsv"):
            self.firstnames |= {r["name"] for r in read_tsv(DATA / "actors" / fname)}
        path = DATA / "places" / "common_nouns.txt"
        if path.exists():
            self.nouns = {w for w in path.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")}
        path = DATA / "places" / "german_words.txt"
        if path.exists():
            self.words = {w for w in path.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")}
        for row in read_tsv(DATA / "places" / "gazetteer.tsv"):
            try:
                entry = GazEntry(
                    row["name"],
                    row["kind"],
                    row["country"] or None,
                    float(row["lat"]) if row["lat"] else None,
                    float(row["lon"]) if row["lon"] else None,
                    int(row["geonames_id"]) if row["geonames_id"] else None,
                    int(row["population"] or 0),
                )
            except (ValueError, KeyError):
                continue
            self.gazetteer.setdefault(words_of(row["key"]), []).append(entry)
        for entries in self.gazetteer.values():
            for e in entries:
                if e.kind == "city" and e.population >= 100000 and e.country:
                    self.city_adjectives.setdefault(e.name, e.country)

    # ------------------------------------------------------------------ queries
    def adjective_country(self, word: str) -> str | None:
        """'russischen' -> RUS, 'US-amerikanische' -> USA; None for other words."""
        low = word.lower()
        for end in ADJ_ENDINGS:
            if end and not low.endswith(end):
                continue
            stem = low[: len(low) - len(end)] if end else low
            if stem in self.adjectives:
                return self.adjectives[stem]
        return None

    def city_of_adjective(self, word: str) -> tuple[str, str] | None:
        """'Stuttgarter' -> ('Stuttgart', 'DEU'), 'Münchner' -> ('München', 'DEU'): German city adjectives."""
        if not word.endswith("er") or not word[:1].isupper() or len(word) < 5:
            return None
        for base in (word[:-2], word[:-2] + "en", word[:-3] + "en"):
            entries = self.gazetteer.get((base,))
            if entries:
                best = max(entries, key=lambda e: e.population)
                if best.kind == "city" and best.population >= 20000:
                    return best.name, best.country or ""
        return None

    def org_descriptor(self, word: str) -> str | None:
        """The descriptor head a word ends with ('Forschungsverbunds' -> 'Verbund'), else None."""
        for w in (word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word):
            if w in self.org_descriptors:
                return w
            for head in self.org_descriptors:
                if w.endswith(head.lower()) and len(w) > len(head) + 2:
                    return head
        return None

    def role_class(self, role: str) -> str:
        """The class a role is taken up by ("Präsident" and "Staatschef": Staatschef); the role itself else."""
        head = role.rsplit("-", 1)[-1]
        if head in self.role_classes:
            return self.role_classes[head]
        return next((c for r, c in self.role_classes.items() if head.lower().endswith(r.lower())), head)

    def group_of(self, word: str) -> tuple[str, str] | None:
        """(label, kind) of a plural group noun, also as the head of a compound ("Klimaaktivisten" is named so)."""
        if word in self.groups:
            return self.groups[word]
        for k in range(3, len(word) - 4):
            head = word[k:].lstrip("-")
            if head[:1].islower():
                head = head[:1].upper() + head[1:]
            if head in self.groups and word[k - 1 : k] != " ":
                return word if self.groups[head][1] == "people" else self.groups[head][0], self.groups[head][1]
        return None

    def role_of(self, word: str) -> tuple[str, str] | None:
        """(normalized role, number) of a role noun, also as the head of a compound: 'Verteidigungsministerin'."""
        if word in self.roles:
            role, number, _ = self.roles[word]
            return role, number
        low = word.lower()
        for form, role, number in self.role_heads:
            if low.endswith(form) and len(low) > len(form) + 2 and word[:1].isupper():
                stem = word[: len(word) - len(form)]
                if stem.endswith("-"):
                    return None  # prefix compounds are split before this is asked
                full = stem + role[:1].lower() + role[1:]
                return full.replace("Aussen", "Außen").replace("aussen", "außen"), number
        if word.endswith("s") and word[:-1] in self.roles and self.roles[word[:-1]][1] != "pl":
            role, number, _ = self.roles[word[:-1]]
            return role, "sg"
        return None

    def is_word(self, word: str) -> bool:
        """A German common noun or nominalised adjective (including compounds ending in one)."""
        if word in self.words or word in self.nouns:
            return True
        if re.search(r"(ung|heit|keit|schaft|tät|ion|ismus|nis|ment|tur)(en|s)?$", word):
            return True
        for i in range(3, len(word) - 3):
            tail = word[i:]
            if tail[:1].islower() and tail.capitalize() in self.words and len(tail) >= 4:
                return not re.match(r"(burg|berg|dorf|stadt|hausen|heim|feld|furt|bach|hafen|ingen|au)$", tail)
        return False


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The one Lexicon of this process (loading takes about a second)."""
    return Lexicon()


def parse_number(words: list[str]) -> tuple[bool, int | None]:
    """('50') -> (True, 50); ('100.000') -> 100000; ('20', '000') -> 20000; ('Dutzende') -> (True, None)."""
    if not words:
        return False, None
    joined = "".join(words)
    if re.fullmatch(r"\d{1,3}(?:[.\u202f\u00a0 ]?\d{3})*", joined) or re.fullmatch(r"\d+", joined):
        return True, int(re.sub(r"\D", "", joined))
    if len(words) == 1 and words[0].lower() in NUMBER_WORDS:
        return True, NUMBER_WORDS[words[0].lower()]
    m = re.fullmatch(r"(\d+(?:,\d+)?)", joined)
    if m:
        return True, int(float(m.group(1).replace(",", ".")))
    return False, None


def log_pop(n: int) -> float:
    return math.log10(max(n, 1))
