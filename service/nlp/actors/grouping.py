"""Mentions grouped into actors: persons by full name and later surnames, countries, organisations and groups by
their key, descriptions and class nouns by their antecedent; ids a1, a2 ... in order of first mention."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from .. import records
from ..actor_lexicon import Lexicon, lexicon
from . import anaphors
from .antecedents import class_antecedent, person_country, role_antecedent, surname
from .candidates import find_candidates
from .tokens import Cand, Mask


def find_actors(doc: Doc, lex: Lexicon | None = None, use_ents: bool = True) -> list[records.Actor]:
    """All actors of a Doc with their grouped mentions."""
    lex = lex or lexicon()
    full = doc.text  # Doc.text joins every token: read it once
    if not full.strip():
        return []
    cands = sorted(find_candidates(doc, lex, use_ents), key=lambda c: (c.start, -c.end))
    actors: list[records.Actor] = []
    persons: dict[str, records.Actor] = {}  # canonical person name -> actor
    keyed: dict[tuple, records.Actor] = {}
    first_pos: dict[int, int] = {}
    seen_mentions: dict[int, set] = {}
    parties: dict[int, bool] = {}  # id of an organisation actor -> whether the gazetteer lists it as a party

    def add(actor: records.Actor, c: Cand) -> None:
        m = records.Mention(c.start, c.end, full[c.start : c.end])
        seen = seen_mentions.setdefault(id(actor), set())
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            actor.mentions.append(m)
        if c.role and c.role not in actor.roles and c.kind != "anaphor_role":
            actor.roles.append(c.role)
        if c.country and not actor.country:
            actor.country = c.country

    def new(name: str, typ: str, country: str | None, c: Cand, count: int | None = None) -> records.Actor:
        a = records.Actor(id="", name=name, type=typ, country=country, count=count)
        actors.append(a)
        first_pos[id(a)] = c.start
        add(a, c)
        return a

    # persons with a full name first, so that surnames anywhere in the text find them
    named = [c for c in cands if c.kind == "person"]
    for c in named:
        name = c.name.rstrip(".,")
        if name.endswith("s") and name[:-1] in persons:
            name = name[:-1]
        match = persons.get(name)
        if not match:
            for pname, a in persons.items():
                pw, nw = pname.split(), name.split()
                if pw[-1] == nw[-1] and (len(nw) == 1 or len(pw) == 1 or pw[0] == nw[0]):
                    match = a
                    break
        if match:
            if len(name.split()) > len(match.name.split()):
                persons.pop(match.name, None)
                match.name = name
                persons[name] = match
            add(match, c)
            first_pos[id(match)] = min(first_pos[id(match)], c.start)
        else:
            known = lex.people_surnames.get(name) if " " not in name else None
            if known:  # a curated person named by surname only: "Selenskyj sagte"
                name = known[0].name
            country = c.country or (c.person.country if c.person else None) or person_country(lex, name)
            persons[name] = new(name, "PERSON", country, c)
    # surnames (and genitive -s) of those persons, and curated persons known by surname alone
    surname_of = {}
    for pname, a in persons.items():
        if len(pname.split()) >= 2:
            surname_of[surname(pname)] = a
    covered = Mask(len(full))
    for a in actors:
        for m in a.mentions:
            covered.add(m.start, m.end)
    for t in doc:
        w = t.text
        base = w[:-1] if w.endswith("s") and w[:-1] in surname_of else w
        s, e = t.idx, t.idx + len(w)
        if covered.overlaps(s, e):
            continue
        if base in surname_of and w[:1].isupper():
            add(surname_of[base], Cand(s, e, "surname"))
            covered.add(s, e)
        elif (
            base in lex.people_surnames
            and w[:1].isupper()
            and len(base) >= 4
            and (not lex.is_word(base) or t.ent_type_ in ("PER", "PERSON"))
        ):
            # a curated person's surname; one that is also a word ("Baerbock", "Merz") only where the NER saw a
            # person
            person = lex.people_surnames[base][0]
            c = Cand(s, e, "surname", person.name, person.country)
            a = persons.get(person.name) or new(person.name, "PERSON", person.country, c)
            persons[person.name] = a
            surname_of[base] = a
            add(a, c)
            covered.add(s, e)

    for c in cands:
        if c.kind == "person":
            continue
        if c.kind == "gpe":
            iso = c.country or ""
            country = lex.countries.get(iso)
            key = ("gpe", iso)
            if key in keyed:
                add(keyed[key], c)
            else:
                keyed[key] = new(country.name if country else iso, "GPE", iso or None, c)
        elif c.kind == "org":
            if covered.overlaps(c.start, c.end):
                continue  # a person's surname that is also a company's name ("Hofer") is the person
            key = ("org", c.name)
            if key in keyed:
                add(keyed[key], c)
            else:
                keyed[key] = new(c.name, c.org.type if c.org else "ORG", c.country, c)
                parties[id(keyed[key])] = bool(c.org and c.org.kind == "party")
        elif c.kind == "anaphor_class":
            target = class_antecedent(actors, parties, c, full, lex)
            if target:
                add(target, c)
        elif c.kind == "group":
            key = ("group", c.role, c.country, c.count)
            match = keyed.get(key) or next(
                (a for k, a in keyed.items() if k[0] == "group" and k[1] == c.role and k[2] == c.country
                 and (k[3] is None or c.count is None)), None)  # fmt: skip
            kin = lex.role_classes.get(c.role or "")
            if match is None and kin and c.count is None:
                # "die Separatisten ... die Rebellen": one armed group under several names takes the first one's
                match = next(
                    (a for k, a in keyed.items() if k[0] == "group" and k[3] is None and k[1] != c.role
                     and lex.role_classes.get(k[1] or "") == kin and k[2] in (c.country, None)), None)  # fmt: skip
            if match:
                add(match, c)
            else:
                keyed[key] = new(c.name, "PERSON", c.country, c, c.count)
        elif c.kind == "unnamed":
            new(c.name, "PERSON", c.country, c)
        elif c.kind == "anaphor_org":
            target = None
            inst = c.extra.get("institution")
            for k, a in keyed.items():
                if k[0] != "org":
                    continue
                same = (
                    inst and (a.name.startswith(inst) or a.name.endswith(("-" + inst, " " + inst)))
                ) or a.name == c.name
                if same and first_pos[id(a)] < c.start:
                    target = a
            if target is None and inst and (cls := anaphors.class_of_word(inst)):
                target = class_antecedent(actors, parties, replace(c, extra={"class": cls}), full, lex)  # "die Behörde"
            if target:
                add(target, c)
            elif c.extra.get("bare"):
                key = ("org", c.name)
                if key in keyed:
                    add(keyed[key], c)
                else:
                    keyed[key] = new(c.name, "ORG", None, c)
        elif c.kind == "anaphor_role":
            target = role_antecedent(actors, first_pos, c, lex, full)
            if target:
                add(target, c)
            elif c.country and c.role != "Jähriger":
                # "den russischen Botschafter einbestellt": an unnamed official acts for the country
                key = ("gpe", c.country)
                country = lex.countries.get(c.country)
                if key in keyed:
                    keyed[key].mentions.append(records.Mention(c.start, c.end, full[c.start : c.end]))
                else:
                    keyed[key] = new(country.name if country else c.country, "GPE", c.country, replace(c, role=None))

    actors = [a for a in actors if a.mentions]
    actors.sort(key=lambda a: first_pos[id(a)])
    for n, a in enumerate(actors, 1):
        a.id = f"a{n}"
        a.mentions.sort(key=lambda m: m.start)
    return actors
