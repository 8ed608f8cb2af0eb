"""Every actor mention of a Doc, found token by token before the mentions are grouped into actors.

How a mention is read (rules over token text, so the blank pipeline works; doc.ents from the entity ruler
and the statistical NER add persons and organisations the rules do not know):
- Persons: a role noun followed by capitalised name tokens ("US-Präsident Donald Trump"), a known given
  name followed by a surname ("Andreas Etges"), a full name from people.tsv. Later surnames ("Rubio") and
  definite role phrases ("der US-Präsident", "Der Minister") refer back to them.
- Country of a person, group or institution: a hyphen prefix ("US-", "Kreml-"), a country adjective before
  the noun ("der russische Staatschef"), a country genitive ("Großbritanniens Premierminister", "Botschafter
  der Vereinigten Staaten"), else the actor list (people.tsv).
- Groups: a number before a plural role noun ("Etwa 50 US-Botschafter", "2000 Soldaten") with its count.
- Organisations: organisations.tsv variants and abbreviations, hyphen prefixes ("Nato-Sprecherin"),
  institutions with a country ("US-Militär", "die Regierung in Washington", "Stuttgarter Polizei"),
  anaphors ("das Bündnis" -> NATO once NATO is named).
- Class nouns and leaderships (anaphors.py): "das Emirat", "dem Nachbarland" take up a country named before;
  "die türkische Führung", "die Machthaber in Teheran" are the country acting.
- Capitals and seats of government are split by their context: after a locative preposition (in, im, nach,
  aus, bei, ...; and their coordinated neighbours "nach Deutschland und Polen") they are places, left to
  news_places; anywhere else (subject "Moskau verurteilte", genitive "Washingtons", "mit Moskau", "von
  London angeführt") they are the country acting: a GPE actor of that country. Countries follow the same rule.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..actor_lexicon import DEFINITE, FUNCTION_WORDS, NAME_RE, PARTICLES, Lexicon, Org
from ..wordlists import words
from . import anaphors
from .context import (
    context_country,
    country_at,
    following_country,
    genitive_country,
    hyphen_prefix,
    indefinite_before,
    number_before,
)
from .organisations import described_org, gov_cand, institution_mention
from .people import affiliation, age_description, group_mention, name_after
from .tokens import Cand, Mask, Tokens, phrase_at, span_text

GOV_NOUNS = words("government_nouns")


def find_candidates(doc: Doc, lex: Lexicon, use_ents: bool) -> list[Cand]:
    """Every mention the rules (and the NER, with use_ents) find in a Doc, before grouping into actors."""
    tk = Tokens(doc)
    cands: list[Cand] = []
    n = len(tk)
    i = 0
    # pass 1: lexicon phrases (known persons, organisations, countries, capitals, demonyms)
    while i < n:
        hit = phrase_at(tk, lex, i) if not tk.used[i] else None
        if not hit:
            i += 1
            continue
        length, entries = hit
        kinds = {k for k, _ in entries}
        a, b = i, i + length
        s, e = tk.start[a], tk.end[b - 1]
        loc = tk.is_locative(a)
        if "person" in kinds:
            person = next(p for k, p in entries if k == "person")
            tk.person_len[a] = length
            cands.append(Cand(s, e, "person", span_text(tk, a, b), person.country, person=person))  # type: ignore[union-attr]
        elif "org" in kinds:
            org = next(p for k, p in entries if k == "org")
            assert isinstance(org, Org)
            if org.kind == "party" and a and tk.text[a - 1] in ("der", "dem") and lex.role_of(tk.text[a]):
                i += 1
                continue  # "der Republikaner": one member, a description of a person named before
            if org.kind == "government" and loc:
                tk.locative.add(a)
                i = b
                continue  # "im Weißen Haus", "in Brüssel": a place
            if org.kind == "institution":
                cand = institution_mention(tk, lex, a, b, org)
                if cand:
                    cands.append(cand)
            elif org.kind == "anaphor":
                cands.append(Cand(s, e, "anaphor_org", org.canonical, org.country, org=org))
            else:
                cands.append(Cand(s, e, "org", org.canonical, org.country, org=org))
        elif "country" in kinds or "capital" in kinds:
            iso = next(p for k, p in entries if k in ("country", "capital"))
            if not (loc and "country" not in kinds):
                tk.countries.append((a, iso))  # type: ignore[arg-type]  # "in Berlin" names the city, no state
            if loc:
                tk.locative.add(a)
            elif a + length < n and tk.text[a + length] in GOV_NOUNS:
                pass  # "Kiews Regierung" is read below as an institution
            else:
                cands.append(Cand(s, e, "gpe", "", iso))  # type: ignore[arg-type]
        elif "demonym" in kinds:
            iso = next(p for k, p in entries if k == "demonym")
            prev = tk.text[a - 1].lower() if a else ""
            nxt = tk.text[b] if b < n else ""
            word = tk.text[b - 1]
            one = word.endswith("in") or (prev == "der" and not word.endswith(("en", "er")))
            # "lud den Nordkoreaner ein", "dem Franzosen": accusative and dative singular (not "den Nordkoreanern")
            one = one or (prev == "den" and word.endswith("er")) or (prev == "dem" and not word.endswith("ern"))
            if prev in ("die", "der", "den", "dem") and one and not (nxt[:1].isupper() and nxt.isalpha()):
                # "die Italienerin", "der Russe": one person of that nationality, named before
                cands.append(Cand(tk.start[a - 1], e, "anaphor_role", tk.text[b - 1], iso, "Landsmann"))  # type: ignore[arg-type]
            elif prev in ("die", "den", "der") and not (nxt[:1].isupper() and nxt.isalpha()):
                cands.append(Cand(s, e, "gpe", "", iso))  # type: ignore[arg-type]
        for k in range(a, b):
            tk.used[k] = True
        i = b

    # pass 2: roles, prefixes, groups, given names, city adjectives
    i = 0
    while i < n:
        if tk.used[i]:
            i += 1
            continue
        w = tk.text[i]
        pre = hyphen_prefix(lex, w)
        rest = w.split("-", 1)[1] if pre else w
        taken_up = anaphors.country_anaphor(tk, lex, i, tk.countries)
        if taken_up is not None:
            # "das Emirat", "dem Nachbarland": a country named before, acting again
            cands.append(Cand(tk.start[taken_up[0]], tk.end[i], "gpe", "", taken_up[1]))
            tk.used[i] = True
            i += 1
            continue
        led = anaphors.leadership(tk, lex, i, lambda j: country_at(tk, lex, j))
        if led is not None:
            cands.append(Cand(tk.start[led[0]], tk.end[led[1]], "gpe", "", led[2]))
            tk.used[i] = True
            i += 1
            continue
        # "die Gewerkschaft", "die Karlsruher Behörde": an organisation of that class named before
        last = i + 1 if lex.city_of_adjective(w) and i + 1 < n else i
        cls = anaphors.class_anaphor(tk, last, lex.city_of_adjective)
        if cls is not None:
            cands.append(Cand(tk.start[cls[0]], tk.end[last], "anaphor_class", tk.text[last], extra={"class": cls[1]}))
            for k in range(i, last + 1):
                tk.used[k] = True
            i = last + 1
            continue
        age = age_description(tk, i)
        if age is not None:
            cands.append(age)
            tk.used[i] = True
            i += 1
            continue
        group = group_mention(tk, lex, i, rest, pre)
        if group is not None:
            cands.append(group)
            tk.used[i] = True
            i += 1
            continue
        role = lex.role_of(rest) if rest[:1].isupper() else None
        country = None
        affil: Org | None = None
        if pre:
            if pre[1] == "country":
                country = pre[2]  # type: ignore[assignment]
            else:
                affil = pre[2]  # type: ignore[assignment]
                country = affil.country
        elif "-" in w:
            head = w.split("-", 1)[0]
            # "Trump-Regierung", "Putin-Berater": a person's name as the prefix
            persons = lex.people_surnames.get(head)
            if persons and w.split("-", 1)[1][:1].isupper():
                country = persons[0].country
                rest = w.split("-", 1)[1]
                role = lex.role_of(rest)
                if rest in GOV_NOUNS and country:
                    cands.append(gov_cand(lex, tk.start[i], tk.end[i], country))
                    tk.used[i] = True
                    i += 1
                    continue
        if role:
            stated = country or context_country(tk, lex, i)
            country = stated or lex.role_countries.get(rest)
            num = number_before(tk, i)
            role_name, number = role
            if num and number in ("pl", "both"):
                k0, _, value = num
                fol = following_country(tk, lex, i)
                if fol:
                    country = country or fol[0]
                cands.append(Cand(tk.start[k0], tk.end[i], "group", w, country, role_name, value))
                if affil:
                    cands.append(affiliation(tk, i, w, affil))
                tk.used[i] = True
                i += 1
                continue
            m = name_after(tk, lex, i + 1)
            if not country:
                fol = following_country(tk, lex, i)
                if fol and not m:
                    country = fol[0]
            if affil:
                cands.append(affiliation(tk, i, w, affil))
            if m:
                a, b = i + 1, i + 1 + m
                cands.append(
                    Cand(
                        tk.start[a],
                        tk.end[b - 1],
                        "person",
                        span_text(tk, a, b),
                        country,
                        role_name,
                        extra={"role_start": tk.start[i]},
                    )
                )
                for k in range(i, b):
                    tk.used[k] = True
                i = b
                continue
            if number == "pl":
                i += 1
                continue
            prev = tk.text[i - 1].lower() if i else ""
            prev2 = tk.text[i - 2].lower() if i > 1 else ""
            # "vom CSU-Vorsitzenden", "beim Kanzler": a contracted article takes up a person too
            articles = DEFINITE | {"vom", "zum", "beim"}
            det = prev if prev in articles else (prev2 if prev2 in articles and tk.text[i - 1].islower() else "")
            # "die Botschafter" and "den Botschaftern" are several, "den Botschafter" is one (accusative)
            plural = number in ("both", "pl") and (
                (det == "die" and not rest.endswith("in")) or (det == "den" and rest.endswith("n"))
            )
            if det and not plural:
                a = i - 1 if prev in DEFINITE else i if prev in articles else i - 2  # "vom" is no part of the name
                # "der Kanzler" implies Germany, but takes up a chancellor of another country named before
                implied = {"implied_country": True} if country and not stated else {}
                cands.append(Cand(tk.start[a], tk.end[i], "anaphor_role", w, country, role_name, extra=implied))
            elif not plural and i > 0 and tk.text[i - 1].endswith("s") and genitive_country(tk, lex, i - 1):
                # "Frankreichs Präsident forderte ...": the French president named before
                cands.append(Cand(tk.start[i - 1], tk.end[i], "anaphor_role", w, country, role_name))
            elif stated and not affil and not plural and (a := indefinite_before(tk, i)) is not None:
                # "ein hochrangiger türkischer Diplomat": an unnamed official counts as the state (GUIDELINES)
                cands.append(Cand(tk.start[a], tk.end[i], "gpe", "", country))
            elif pre and pre[1] == "org" and prev not in ("kein", "keine", "keinen"):
                # "eine EUCOM-Sprecherin": unnamed, but the organisation she speaks for is stated
                cands.append(Cand(tk.start[i], tk.end[i], "unnamed", w, country, role_name))
            tk.used[i] = True
            i += 1
            continue
        if pre:
            # other hyphen compounds: "US-Militär" (institution), "US-Seite" (the country), "Nato-Treffen" (the org)
            rest_entries = lex.phrases.get((rest,), [])
            org_inst = next((p for k, p in rest_entries if k == "org" and p.kind == "institution"), None)
            if pre[1] == "country" and (org_inst or rest in GOV_NOUNS):
                canon = org_inst.canonical if org_inst else "Regierung"
                name = f"{pre[0]}-{canon}"
                cands.append(Cand(tk.start[i], tk.end[i], "org", name, country, extra={"institution": canon}))
            elif pre[1] == "country" and rest.startswith("Seite"):
                cands.append(Cand(tk.start[i], tk.end[i], "gpe", "", country))
            elif pre[1] == "country":
                cands.append(Cand(tk.start[i], tk.start[i] + len(pre[0]), "gpe", "", country))
            else:
                cands.append(
                    Cand(
                        tk.start[i],
                        tk.start[i] + len(pre[0]),
                        "org",
                        affil.canonical,  # type: ignore[union-attr]
                        affil.country,
                        org=affil,
                    )
                )  # type: ignore[union-attr]
            tk.used[i] = True
            i += 1
            continue
        # "von russischer Seite"
        if w == "Seite" and i and lex.adjective_country(tk.text[i - 1]):
            cands.append(Cand(tk.start[i - 1], tk.end[i], "gpe", "", lex.adjective_country(tk.text[i - 1])))
            i += 1
            continue
        # city adjective + institution: "Die Stuttgarter Polizei"
        city = lex.city_of_adjective(w)
        if city and i + 1 < n:
            ents = lex.phrases.get((tk.text[i + 1],), [])
            org_inst = next((p for k, p in ents if k == "org" and p.kind == "institution"), None)
            if org_inst:
                cands.append(
                    Cand(
                        tk.start[i],
                        tk.end[i + 1],
                        "org",
                        f"{org_inst.canonical} {city[0]}",
                        city[1] or None,
                        extra={"institution": org_inst.canonical},
                    )
                )
                tk.used[i] = tk.used[i + 1] = True
                i += 2
                continue
        # a named organisation after its descriptor: "der Nachrichtenagentur Interfax", "Zeitung „El País“"
        cand = described_org(tk, lex, i)
        if cand:
            cands.append(cand[0])
            for k in range(i, cand[1]):
                tk.used[k] = True
            i = cand[1]
            continue
        # a given name and a surname: "Andreas Etges forscht"
        if w in lex.firstnames and i + 1 < n:
            m = name_after(tk, lex, i + 1)
            if m and not lex.is_word(tk.text[i + m]) or (m and tk.text[i + m] in lex.people_surnames):
                b = i + 1 + m
                cands.append(Cand(tk.start[i], tk.end[b - 1], "person", span_text(tk, i, b), None))
                for k in range(i, b):
                    tk.used[k] = True
                i = b
                continue
        i += 1

    if use_ents:
        _from_ents(doc, tk, lex, cands)
    _acronyms(tk, cands)
    return cands


def _acronyms(tk: Tokens, cands: list[Cand]) -> None:
    """Later uses of an acronym defined in brackets after an organisation's name join that organisation (under its
    full name), in place of whatever the NER made of them."""
    orgs = [c for c in cands if c.kind == "org"]
    uses = anaphors.acronym_uses(tk, {c.end: n for n, c in enumerate(orgs)})
    if not uses:
        return
    at = {(tk.start[j], tk.end[j]) for j, _ in uses}
    cands[:] = [c for c in cands if (c.start, c.end) not in at]
    for j, n in uses:
        cands.append(replace(orgs[n], start=tk.start[j], end=tk.end[j]))


def _from_ents(doc: Doc, tk: Tokens, lex: Lexicon, cands: list[Cand]) -> None:
    """Persons and organisations that the entity ruler or the NER found and the rules above did not."""
    full = tk.full
    taken = Mask(len(full))
    for c in cands:
        taken.add(c.start, c.end)
    for i in range(len(tk)):
        if tk.used[i] or i in tk.locative:
            taken.add(tk.start[i], tk.end[i])
    for ent in doc.ents:
        if ent.label_ not in ("PER", "PERSON", "ORG"):
            continue
        s, e = ent.start_char, ent.end_char
        if taken.overlaps(s, e):
            continue
        toks = [t.text for t in ent]
        if ent.label_ in ("PER", "PERSON"):
            # a role word the ruler kept inside the span is read as the role
            role = None
            while toks and (lex.role_of(toks[0].split("-")[-1]) or hyphen_prefix(lex, toks[0])):
                role = lex.role_of(toks[0].split("-")[-1])
                s += len(toks[0])
                toks = toks[1:]
                while s < e and full[s].isspace():
                    s += 1
            if not toks or not all(NAME_RE.match(t) or t in PARTICLES for t in toks):
                continue
            if any(t in lex.facility_words for t in toks):
                continue
            if len(toks) == 1 and toks[0] in FUNCTION_WORDS:
                continue
            # "Kaiserslauterner Kennzeichen", "Vans": nouns and adjectives the model mistook for names
            if any(lex.city_of_adjective(t) or lex.adjective_country(t) for t in toks):
                continue
            if all(lex.is_word(t) for t in toks if t not in PARTICLES) and not any(t in lex.firstnames for t in toks):
                continue
            if len(toks) == 1 and not role and toks[0] not in lex.surnames:
                continue  # a lone surname the rules did not tie to anybody is too often a noun
            cands.append(Cand(s, e, "person", full[s:e], None, role[0] if role else None))
        else:
            name = full[s:e]
            if name in FUNCTION_WORDS or len(name) < 2:
                continue
            # an organisation name has at least one word that is no common noun ("Olympischen Winterspiele")
            if all(lex.is_word(t) or lex.adjective_country(t) or not t[:1].isupper() for t in toks if len(t) > 1):
                continue
            # "Hotel Vienna House", "Patch Barracks": a facility is a place (news_places reads it), not an actor
            if toks[0] in lex.facilities.get("before", ()) or toks[-1] in lex.facilities.get("after", ()):
                continue
            inner = s > 0 and full[s - 1] == "(" and full[e : e + 1] == ")"
            if inner and name.isupper():
                continue  # "(ISR)": an abbreviation explained before it, rarely an organisation the rules miss
            cands.append(Cand(s, e, "org", name, None))
        taken.add(s, e)
