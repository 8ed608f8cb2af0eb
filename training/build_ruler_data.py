"""Regenerates the derived gazetteer files of the entity ruler in service/nlp/data/ruler/ from ../shared/data.

Run: python training/build_ruler_data.py [--data ../shared/data]

The hand-curated files next to them (organisations.tsv, institutions.tsv, roles.tsv, nationalities.tsv,
cities.tsv) are edited by hand and not touched here. Sources and licenses:
- laendernamen.list (Auswärtiges Amt, official work, public domain) -> country names, short and official forms;
- country_aliases.json in ../shared/eval (German names only: entries whose key also occurs in laendernamen or
  carries German letters/words) is NOT used, so that the evaluation material stays independent of the model;
- Phoenix.Countries.actors.txt (PETRARCH2 dictionaries, MIT) -> full names of political persons (2-4 words);
  the dictionaries are English, but personal names transfer unchanged when written without diacritics; their
  last words -> surnames.txt, without German words (spaCy's German lemma table, MIT), given names and places;
- service/nlp/data/places/gazetteer.tsv (GeoNames, CC BY 4.0; built by the places component) -> world_places.tsv;
- GermEval 2014 training split (CC BY 4.0) -> firstnames.txt (given names) and common_words.txt (capitalised
  words that are not names), which bound the name patterns.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "service" / "nlp" / "data" / "ruler"

# Words that mark a PETRARCH root as a place, body or title rather than a person's name.
NOT_NAME = {
    "OCEAN",
    "SEA",
    "RIVER",
    "GULF",
    "ISLAND",
    "ISLANDS",
    "MOUNT",
    "LAKE",
    "BAY",
    "STRAIT",
    "CANAL",
    "PARTY",
    "ARMY",
    "FORCE",
    "FORCES",
    "COUNCIL",
    "MINISTRY",
    "GOVERNMENT",
    "UNIVERSITY",
    "BANK",
    "COMPANY",
    "NEWS",
    "NATIONAL",
    "REPUBLIC",
    "KINGDOM",
    "STATE",
    "STATES",
    "UNITED",
    "PEOPLE",
    "PEOPLES",
    "FRONT",
    "MOVEMENT",
    "COMMITTEE",
    "COURT",
    "POLICE",
    "PRESIDENT",
    "MINISTER",
    "KING",
    "QUEEN",
    "PRINCE",
    "GENERAL",
    "CHIEF",
    "SHEIKH",
    "AYATOLLAH",
    "HOJATOLISLAM",
    "SIR",
    "DR",
    "MR",
    "MRS",
    "LORD",
    "CHANCELLOR",
    "PRIME",
    "SENATOR",
    "GOVERNOR",
    "MAYOR",
    "AMBASSADOR",
    "SECRETARY",
    "CITY",
    "PROVINCE",
    "REGION",
    "DISTRICT",
    "NORTH",
    "SOUTH",
    "EAST",
    "WEST",
    "CENTRAL",
    "NEW",
    "SAINT",
    "ST",
    "AIRLINES",
    "GROUP",
    "CORPORATION",
    "INC",
    "LTD",
}
PARTICLES = {"de", "da", "di", "del", "der", "van", "von", "al", "el", "bin", "ben", "la", "le", "du", "dos", "zu"}


def title_word(word: str) -> str:
    """PETRARCH upper case -> name case: particles lower, Mc/Mac and hyphen parts capitalised."""
    low = word.lower()
    if low in PARTICLES:
        return low
    parts = [p[:1].upper() + p[1:] for p in low.split("-")]
    out = "-".join(parts)
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def petrarch_persons(path: Path) -> list[str]:
    """Full person names (root entries of the country actors file)."""
    names = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.strip() or line[0] in "#+\t [":
            continue
        root = line.split("#")[0].split("[")[0].strip().rstrip("_")
        words = [w for w in root.split("_") if w]
        if not 2 <= len(words) <= 4:
            continue
        if any(w in NOT_NAME or not re.fullmatch(r"[A-Z][A-Z'\-]*[A-Z]", w) for w in words):
            continue
        if words[0].lower() in PARTICLES or words[-1].lower() in PARTICLES:
            continue
        names.add(" ".join(title_word(w) for w in words))
    return sorted(names)


def countries(path: Path) -> list[str]:
    """Country names with their genitive forms (Deutschlands, Chinas)."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name:
            continue
        out.add(name)
        last = name.split()[-1]
        if len(name.split()) == 1 and not last.endswith(("s", "x", "z", "ß")) and not name.endswith("en"):
            out.add(name + "s")
    return sorted(out)


def germeval_names_and_nouns(data: Path) -> tuple[list[str], list[str]]:
    """Given names (first word of two-word PER names, seen twice or more) and capitalised words that stand
    outside any entity in mid-sentence (seen twice or more, never inside an entity), from the GermEval
    training split (sentence i % 10 != 3, as in convert.py)."""
    from collections import Counter

    sys.path.insert(0, str(ROOT / "training"))
    from convert import bio_spans, read_germeval  # type: ignore[import-not-found]

    first, nouns, in_entity = Counter(), Counter(), set()
    i = 0
    for fname in ("NER-de-dev.tsv", "NER-de-test.tsv"):
        for words, tags in read_germeval(data / "germeval2014-ner" / fname):
            i += 1
            if i % 10 == 3:
                continue
            for start, end, label in bio_spans(tags):
                in_entity.update(words[start:end])
                if label == "PER" and end - start == 2 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüéèáëï]+", words[start]):
                    first[words[start]] += 1
            for k, (w, t) in enumerate(zip(words, tags, strict=True)):
                if k > 0 and t == "O" and w[:1].isupper() and w.isalpha() and words[k - 1] not in {".", ":", "„", '"'}:
                    nouns[w] += 1
    names = sorted(n for n, c in first.items() if c >= 2)
    common = sorted(w for w, c in nouns.items() if c >= 2 and w not in in_entity and w not in set(names))
    return names, common


NOT_GIVEN = {"Federal", "German", "Dame", "Alpha", "General", "Sheikh", "Haji", "Alhaji", "Don", "Ban", "Mar"}


def petrarch_given_names(persons: list[str], common: set[str], german: set[str]) -> set[str]:
    """First words of the PETRARCH person names that start three or more names (John, Mohamed, Angela),
    except German words (Sein, Armen, Mir)."""
    from collections import Counter

    counts = Counter(p.split()[0] for p in persons)
    return {
        n
        for n, c in counts.items()
        if c >= 3 and len(n) > 2 and n not in common and n not in NOT_GIVEN and n.lower() not in german
    }


def petrarch_surnames(persons: list[str], blocked: set[str], german: set[str]) -> list[str]:
    """Last words of the PETRARCH person names (Putin, Erdogan) with their genitive -s, for the name alone as news
    use it after the first mention; without German words (Klein, Koch), given names, places and short words."""
    out = set()
    for p in persons:
        last = p.split()[-1]
        if len(last) < 4 or not last[1:].islower() or last in blocked or last.lower() in german:
            continue
        out.add(last)
        if not last.endswith(("s", "x", "z", "ß")):
            out.add(last + "s")
    return sorted(w for w in out if w not in blocked and w.lower() not in german)


def world_places(gazetteer: Path, lemma_words: set[str], common: set[str], given: set[str]) -> list[str]:
    """Countries, states, regions, continents and cities of 100,000+ inhabitants from the project's GeoNames
    gazetteer (service/nlp/data/places/gazetteer.tsv, CC BY 4.0), without names that are also German words
    (Essen, Halle) unless the place has a million inhabitants, given names, or short acronyms."""
    out = set()
    if not gazetteer.exists():
        print(f"{gazetteer} missing: world_places.tsv left empty")
        return []
    with open(gazetteer, encoding="utf-8") as fh:
        lines = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    for row in lines[1:]:
        if len(row) < 8:
            continue
        pop = int(row[7]) if row[7].isdigit() else 0
        if row[2] == "city" and pop < 100_000:
            continue
        for name in {row[0], row[1]}:
            if len(name) < 3 or name in common or name in given or (name.isupper() and len(name) < 4):
                continue
            if (name in lemma_words or name.lower() in lemma_words) and pop < 1_000_000:
                continue
            out.add(name)
    return sorted(out)


def write_generated(name: str, comment: str, lines: list[str]) -> None:
    """A derived data file: one comment line that says where it comes from, then its lines."""
    with open(OUT / name, "w", encoding="utf-8") as fh:
        fh.write(f"# {comment}\n")
        fh.write("".join(f"{line}\n" for line in lines))


def main() -> None:
    """Write the derived gazetteers: places, persons, given names, common words, world places, surnames."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    places = countries(args.data / "german-gazetteers-ler" / "laendernamen.list")
    write_generated(
        "places.tsv",
        "Country names (short and official German forms, with genitive -s), generated by "
        "training/build_ruler_data.py from german-gazetteers-ler/laendernamen.list (Auswärtiges Amt, public "
        "domain). Regenerate rather than edit; add hand-made entries to cities.tsv.",
        ["label\tphrase", *(f"LOC\t{p}" for p in places)],
    )
    persons = petrarch_persons(args.data / "petrarch2-dictionaries" / "Phoenix.Countries.actors.txt")
    write_generated(
        "persons.tsv",
        "Full names of political persons, generated by training/build_ruler_data.py from the PETRARCH2 "
        "Phoenix.Countries.actors dictionary (MIT); diacritics are missing upstream. Regenerate rather than edit.",
        ["label\tphrase", *(f"PER\t{p}" for p in persons)],
    )
    names, common = germeval_names_and_nouns(args.data)
    with gzip.open(args.data / "spacy-lookups-de" / "de_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    lemma_words = set(table)  # inflected forms; "Mann" is only among the values
    german = {w for w in lemma_words if w.islower()}
    names = sorted(set(names) | petrarch_given_names(persons, set(common), german))
    write_generated(
        "firstnames.txt",
        "Given names: first words of two-word person names seen twice or more in the GermEval 2014 training "
        "split (CC BY 4.0) and first words of three or more PETRARCH2 person names (MIT), generated by "
        "training/build_ruler_data.py; add names by hand in firstnames_extra.txt.",
        names,
    )
    write_generated(
        "common_words.txt",
        "Capitalised words seen outside entities in mid-sentence (twice or more, never inside an entity) in "
        "the GermEval 2014 training split (CC BY 4.0): a name pattern stops at them. Generated by "
        "training/build_ruler_data.py.",
        common,
    )
    world = world_places(
        ROOT / "service" / "nlp" / "data" / "places" / "gazetteer.tsv", lemma_words, set(common), set(names)
    )
    write_generated(
        "world_places.tsv",
        "World places -> LOC: countries, states, regions, continents and cities of 100,000+ inhabitants "
        "from service/nlp/data/places/gazetteer.tsv (GeoNames, CC BY 4.0), without German words and given "
        "names. Generated by training/build_ruler_data.py; regenerate rather than edit.",
        ["label\tphrase", *(f"LOC\t{w}" for w in world)],
    )
    ruler_words = set()
    for fname in ("places.tsv", "cities.tsv", "organisations.tsv", "institutions.tsv"):
        for line in (OUT / fname).read_text(encoding="utf-8").splitlines()[2:]:
            ruler_words.update(line.split("\t")[1].split() if "\t" in line else [])
    dictionary = lemma_words | set(table.values())
    blocked = set(common) | set(names) | set(world) | ruler_words | dictionary
    surnames = petrarch_surnames(persons, blocked, {w.lower() for w in dictionary})
    write_generated(
        "surnames.txt",
        "Surnames of political persons (last words of persons.tsv names, with genitive -s) that are no German "
        "word, given name or place: the name alone is marked PER. Generated by training/build_ruler_data.py; "
        "regenerate rather than edit.",
        surnames,
    )
    print(f"places.tsv: {len(places)}, persons.tsv: {len(persons)}, firstnames: {len(names)}, common: {len(common)}")
    print(f"world_places.tsv: {len(world)}, surnames.txt: {len(surnames)}")


if __name__ == "__main__":
    main()
