"""Actor mentions that are no names (service/nlp/actors/anaphors.py): class nouns and descriptions for an actor
named before.

Every sentence here is written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from service.extract import Article, extract
from tests.test_actors import actors, covering


def country_of(nlp, text: str, mention: str) -> str | None:
    """The country of the actor one of whose mentions is exactly `mention`, None when no actor has it."""
    found = covering(actors(nlp, text), mention)
    assert len(found) <= 1
    return found[0].country if found else None


def roles_of(nlp, text: str, trigger: str) -> tuple[list[str], list[str]]:
    """who and whom names of the event whose trigger text is `trigger`."""
    resp = extract(nlp, Article(text=text))
    events = [e for e in resp["events"] if e["trigger"]["text"] == trigger]
    assert events, f"no event {trigger!r} in {[e['trigger']['text'] for e in resp['events']]}"
    return [w["name"] for w in events[0]["who"]], [w["name"] for w in events[0]["whom"]]


# ---------------------------------------------------------------- country class nouns
@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Die Türkei hat Schweden kritisiert. Das Land solle seine Haltung ändern, hieß es.", "Das Land", None),
        ("Nach dem Atomtest lobte Pakistan seine Forscher. Das Land sei nun stärker.", "Das Land", "PAK"),
        ("Bahrain streitet seit Jahren mit Frankreich. Das Emirat bestellte den Botschafter ein.", "Das Emirat", None),
        ("Kuwait streitet seit Jahren mit Frankreich. Das Emirat bestellte den Botschafter ein.", "Das Emirat", "KWT"),
        ("Aserbaidschan und die Türkei verhandeln. Die Kaukasusrepublik hofft auf Gas.", "Die Kaukasusrepublik", "AZE"),
        (
            "Österreich hat mit Italien gestritten. Die Alpenrepublik will den Transit begrenzen.",
            "Die Alpenrepublik",
            "AUT",
        ),
        ("Island hat mit Norwegen verhandelt. Der Inselstaat will mehr Fisch fangen.", "Der Inselstaat", "ISL"),
        ("Spanien hat Marokko gewarnt. Das Königreich wies die Warnung zurück.", "Das Königreich", None),
    ],
)
def test_country_class_noun_takes_up_a_country(nlp, text, mention, country):
    """A typed class noun ("Emirat") takes up only a state it fits; two fitting ones are left open."""
    assert country_of(nlp, text, mention) == country


def test_object_class_noun_skips_the_subjects_country(nlp):
    """ "Indien warf dem Nachbarland vor": the subject's own country is no neighbour of itself."""
    text = "Indien hat Pakistan beschuldigt. Neu-Delhi warf dem Nachbarland am Montag Angriffe vor."
    assert country_of(nlp, text, "dem Nachbarland") == "PAK"
    who, whom = roles_of(nlp, text, "warf")
    assert "Pakistan" in whom and "Indien" not in whom


def test_object_class_noun_in_the_subjects_sentence_takes_the_other_country(nlp):
    text = "Vietnam streitet mit China um Inseln. Später drohte China dem Land mit Sanktionen."
    assert country_of(nlp, text, "dem Land") == "VNM"


def test_object_class_noun_of_unknown_case_stays_open(nlp):
    """ "das Land" inside the clause may be subject or object: without a parser it is left alone."""
    text = "Vietnam streitet mit China um Inseln. Später kritisierten mehrere Minister das Land."
    assert country_of(nlp, text, "das Land") is None


def test_two_countries_in_the_nearest_sentence_are_ambiguous(nlp):
    text = "Chile hat mit Bolivien über Wasser verhandelt. Das Land hofft auf eine Einigung."
    assert country_of(nlp, text, "Das Land") is None


def test_coordinated_subjects_are_ambiguous(nlp):
    text = "Kenia und Uganda wollen enger zusammenarbeiten. Das Land erwartet Investitionen."
    assert country_of(nlp, text, "Das Land") is None


def test_class_noun_far_from_any_country_stays_open(nlp):
    text = (
        "Ecuador hat gewählt. Die Wahlbeteiligung war hoch. Viele Menschen standen lange an. "
        "Die Auszählung dauerte bis zum Abend. Am Ende stand das Land vor einer Stichwahl."
    )
    assert country_of(nlp, text, "das Land") is None


@pytest.mark.parametrize(
    "text",
    [
        "Kanada ist ein großes Land.",
        "Schweden hat gewählt. Die Regierung reist in das Land.",  # a place after a locative preposition
        "Das Land Brandenburg hat Schweden eingeladen.",  # a name follows: the name is the mention
    ],
)
def test_no_country_anaphor(nlp, text):
    """An indefinite noun, a place after "in" and a noun before a name take up no country."""
    assert not any(m.text.endswith("Land") for a in actors(nlp, text) for m in a.mentions)


# ---------------------------------------------------------------- leaderships
@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Die ägyptische Führung lehnte den Plan ab.", "ägyptische Führung", "EGY"),
        ("Die Machthaber in Minsk ließen Oppositionelle festnehmen.", "Machthaber", "BLR"),
        ("Die Führung in Hanoi hat die Gespräche abgesagt.", "Führung", "VNM"),
    ],
)
def test_leadership_acts_for_its_country(nlp, text, mention, country):
    assert country_of(nlp, text, mention) == country


@pytest.mark.parametrize(
    "text",
    [
        "Der Machthaber in Minsk ließ Oppositionelle festnehmen.",  # one person
        "Die Bundeswehr übernimmt die Führung der Eingreiftruppe.",  # a task, no state
    ],
)
def test_no_leadership_country(nlp, text):
    assert not any(m.text in ("Führung", "Machthaber") for a in actors(nlp, text) for m in a.mentions)


def test_leadership_is_an_argument(nlp):
    who, whom = roles_of(nlp, "Die iranische Führung verurteilte Israel scharf.", "verurteilte")
    assert who == ["Iran"] and whom == ["Israel"]


# ---------------------------------------------------------------- organisation class nouns
@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("Die IG Metall hat zum Warnstreik aufgerufen. Die Gewerkschaft fordert mehr Lohn.", "Die Gewerkschaft",
         "IG Metall"),
        ("Der Bundesgerichtshof hat das Urteil aufgehoben. Das Gericht rügte die Vorinstanz.", "Das Gericht",
         "Bundesgerichtshof"),
    ],
)  # fmt: skip
def test_class_noun_takes_up_an_organisation(nlp, text, mention, name):
    found = covering(actors(nlp, text), mention)
    assert [a.name for a in found] == [name]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Verdi und die IG Metall protestieren. Die Gewerkschaft fordert mehr Lohn.", "Die Gewerkschaft"),
        ("Die SPD hat gewonnen. Sie ist jetzt die stärkste Partei im Land.", "die stärkste Partei"),
        ("Die IG Metall hat gestreikt. Das Gericht untersagte den Streik.", "Das Gericht"),
    ],
)
def test_class_noun_without_a_fitting_antecedent_takes_up_nothing(nlp, text, mention):
    """Two unions in one breath, a superlative, or no court named before: no organisation is taken up."""
    assert covering(actors(nlp, text), mention) == []


# ---------------------------------------------------------------- acronyms
def test_acronym_defined_in_brackets_is_the_organisation(nlp):
    text = "Der Deutsche Beamtenbund (DBB) warnt vor Kürzungen. Der DBB droht dem Bund mit Protesten."
    acts = actors(nlp, text)
    dbb = [a for a in acts if any(m.text == "DBB" for m in a.mentions)]
    assert len(dbb) == 1 and dbb[0].name != "DBB"
    assert any(m.text != "DBB" for m in dbb[0].mentions)


def test_acronym_in_brackets_after_no_organisation_joins_nothing(nlp):
    acts = actors(nlp, "Der Wert stieg um drei Prozent (BIP). Das BIP wächst.")
    assert not any(m.text == "BIP" for a in acts for m in a.mentions if a.type == "ORG" and a.name != "BIP")
