"""Whom a description refers back to: the person a role or description takes up ("der Kanzler", "die
CDU-Politikerin", "der 56-Jährige"), the organisation a class noun takes up ("die Gewerkschaft"), and a person's
country and gender as the lists and the text show them."""

from __future__ import annotations

from .. import records
from ..actor_lexicon import Lexicon
from . import anaphors
from .tokens import Cand


def surname(name: str) -> str:
    """The last word of a name: later mentions of a person ("Rubio") use it alone."""
    parts = name.split()
    return parts[-1] if parts else name


def class_antecedent(
    actors: list[records.Actor], parties: dict[int, bool], c: Cand, full: str, lex: Lexicon
) -> records.Actor | None:
    """The organisation a class noun ("die Gewerkschaft") takes up: of its class, named last and near before it."""
    named = []
    for a in actors:
        if id(a) not in parties:
            continue
        before = [m for m in a.mentions if m.end <= c.start]
        if not before:
            continue
        first = min(a.mentions, key=lambda m: m.start)
        descriptor = full[max(0, first.start - 40) : first.start].split()
        names = [m.text for m in a.mentions] + anaphors.org_aliases(lex).get(a.name, [])
        cls = anaphors.org_class(a.name, names, descriptor[-1] if descriptor else "", parties[id(a)])
        named.append((max(m.start for m in before), cls, a))
    return anaphors.resolve_class(c.start, c.extra["class"], named)  # type: ignore[return-value]


def person_country(lex: Lexicon, name: str) -> str | None:
    """Country of a person from the actor lists, by full name or by a curated surname."""
    for kind, payload in lex.phrases.get(tuple(name.split()), []):
        if kind == "person":
            return payload.country  # type: ignore[union-attr]
    persons = lex.people_surnames.get(surname(name))
    if persons and len(persons) == 1 and persons[0].name.split()[0] == name.split()[0]:
        return persons[0].country
    return None


def role_antecedent(
    actors: list[records.Actor], first_pos: dict, c: Cand, lex: Lexicon, full: str
) -> records.Actor | None:
    """The person a definite description refers back to.

    A role ("der Kanzler", "der französische Staatschef", "der Chefdiplomat") takes up the latest person introduced
    before with a role of the same class (role_classes.tsv) and a compatible country; a description that fits any
    person ("der Republikaner", "die CDU-Politikerin", "der 56-Jährige") the person of its gender mentioned last.
    """
    role = c.role or ""
    wanted = lex.role_class(role)
    gender = c.extra.get("gender") or _description_gender(c, full)
    party = _party_prefix(full[c.start : c.end], lex)
    if party:
        member = _party_member(actors, first_pos, c, party, full, lex, gender)
        if member is not None:
            return member
    implied = c.extra.get("implied_country", False)
    # who shows the description's gender in the text is a better antecedent than who shows none
    for known_gender in [True, False] if gender else [False]:
        best, best_pos, by_country = None, -1, None
        for a in actors:
            if a.type != "PERSON" or a.count is not None or a.roles == [a.name] or first_pos[id(a)] >= c.start:
                continue
            foreign = bool(c.country and a.country and c.country != a.country)
            if foreign and not implied:
                continue
            shown = _person_gender(a, full, lex) if gender else None
            if gender and shown not in (None, gender) or known_gender and shown != gender:
                continue
            if wanted == "person":
                last = max((m.start for m in a.mentions if m.start < c.start), default=-1)
                if last > best_pos:
                    best, best_pos = a, last
            elif any(r.lower() == role.lower() or r.lower().endswith(role.lower()) or lex.role_class(r) == wanted
                     for r in a.roles):  # fmt: skip
                if not (foreign and best is not None):
                    best = a  # the latest one introduced before; of another country only if none of its own
            elif not a.roles and c.country and a.country == c.country:
                by_country = a  # "Wladimir Putin ... der Kremlchef": the text gave him no role, his country fits
        # who holds the role by the text goes before who merely has the country ("FDP-Chef Lindner ... Scholz ...
        # dem FDP-Chef")
        if best is not None or by_country is not None:
            return best or by_country
    return None


def _description_gender(c: Cand, full: str) -> str | None:
    """Gender a description shows: a feminine role noun ("die Ministerin"), else "der" before a masculine one."""
    words = full[c.start : c.end].split()
    if not words:
        return None
    if words[-1].endswith(("in", "innen")) and words[-1][:1].isupper():
        return "f"
    if words[0].lower() == "die":
        return "f"  # a description is one person (plurals are groups): "die CDU-Vorsitzende"
    return "m" if words[0].lower() == "der" else None


def _person_gender(actor: records.Actor, full: str, lex: Lexicon) -> str | None:
    """A person's gender where the text shows it: a role noun or Frau/Herr right before one of the mentions."""
    for m in actor.mentions:
        opener = m.text.split(" ", 1)[0].lower()
        if opener in ("der", "die") and " " in m.text:
            return "m" if opener == "der" else "f"  # a description taken up: "der CSU-Politiker"
        before = full[max(0, m.start - 40) : m.start].split()
        if not before:
            continue
        word = before[-1]
        if word == "Frau":
            return "f"
        if word in ("Herr", "Herrn"):
            return "m"
        head = word.rsplit("-", 1)[-1]
        if head[:1].isupper() and (lex.role_of(head) or head.endswith("in") and lex.role_of(head[:-2])):
            return "f" if head.endswith("in") else "m"  # "Kanzlerin", "CDU-Chefin"
    return None


def _party_prefix(text: str, lex: Lexicon) -> str | None:
    """The party a description's hyphen prefix names ("die CDU-Vorsitzende" -> CDU), else None."""
    for word in text.split():
        if "-" not in word[1:]:
            continue
        prefix = word.split("-", 1)[0]
        if any(kind == "org" and payload.kind == "party" for kind, payload in lex.phrases.get((prefix,), [])):
            return prefix
    return None


def _party_member(
    actors: list[records.Actor], first_pos: dict, c: Cand, party: str, full: str, lex: Lexicon, gender: str | None
) -> records.Actor | None:
    """The person named last before c whom the text ties to the party: "Angela Merkel (CDU)", "CSU-Chef Horst
    Seehofer". A description with the party's prefix ("die CDU-Vorsitzende") takes that person up."""
    best, best_pos = None, -1
    for a in actors:
        if a.type != "PERSON" or a.count is not None or first_pos[id(a)] >= c.start:
            continue
        if gender and _person_gender(a, full, lex) not in (None, gender):
            continue
        tied = any(
            full[m.end : m.end + len(party) + 4].lstrip().startswith(f"({party})")
            or full[max(0, m.start - 40) : m.start].rstrip().split(" ")[-1].startswith(f"{party}-")
            for m in a.mentions
            if m.start < c.start
        )
        if not tied:
            continue
        last = max(m.start for m in a.mentions if m.start < c.start)
        if last > best_pos:
            best, best_pos = a, last
    return best
