"""The actor data files at work: curated persons (people_extra.tsv), organisations, country forms and role nouns.

Every sentence is written for this file; each case names an entry the data files gained, so that removing the entry
makes the case fail.
"""

from __future__ import annotations

import pytest

from service.nlp import records
from service.nlp.pipeline import analyze


def actors(nlp, text: str) -> list[records.Actor]:
    return records.get(analyze(nlp, text), "actors")


def covering(acts: list[records.Actor], text: str) -> list[records.Actor]:
    return [a for a in acts if any(m.text == text for m in a.mentions)]


def by_name(acts: list[records.Actor], name: str) -> records.Actor:
    found = [a for a in acts if a.name == name]
    assert found, f"no actor {name!r} in {[(a.name, [m.text for m in a.mentions]) for a in acts]}"
    return found[0]


# ---------------------------------------------------------------- curated persons named by surname alone
@pytest.mark.parametrize(
    ("text", "mention", "name", "country"),
    [
        ("Söder lehnte den Vorschlag aus Berlin ab.", "Söder", "Markus Söder", "DEU"),
        ("Lauterbach warnte vor einer neuen Infektionswelle.", "Lauterbach", "Karl Lauterbach", "DEU"),
        ("Habeck verteidigte das Heizungsgesetz im Bundestag.", "Habeck", "Robert Habeck", "DEU"),
        ("Haldenwang warnte vor russischer Spionage.", "Haldenwang", "Thomas Haldenwang", "DEU"),
        ("Weselsky kündigte den nächsten Streik an.", "Weselsky", "Claus Weselsky", "DEU"),
        ("Peseschkian drohte mit einer harten Antwort.", "Peseschkian", "Massud Peseschkian", "IRN"),
        ("Chamenei rief zur Einheit auf.", "Chamenei", "Ali Chamenei", "IRN"),
        ("Fidan telefonierte am Abend mit Rubio.", "Fidan", "Hakan Fidan", "TUR"),
        ("Lula empfing die Gäste in Brasília.", "Lula", "Luiz Inácio Lula da Silva", "BRA"),
        ("Milei kündigte weitere Kürzungen an.", "Milei", "Javier Milei", "ARG"),
        ("Ramaphosa lud die Staatschefs nach Johannesburg ein.", "Ramaphosa", "Cyril Ramaphosa", "ZAF"),
        ("Lagarde deutete eine Zinssenkung an.", "Lagarde", "Christine Lagarde", "FRA"),
        ("Vucic sprach von einer Provokation.", "Vucic", "Aleksandar Vučić", "SRB"),
        ("Kurti warf Belgrad Destabilisierung vor.", "Kurti", "Albin Kurti", "XKX"),
        ("Paschinjan unterzeichnete das Abkommen.", "Paschinjan", "Nikol Paschinjan", "ARM"),
        ("Sinwar soll den Überfall geplant haben.", "Sinwar", "Jahja Sinwar", "PSE"),
        ("Nasrallah drohte Israel mit Vergeltung.", "Nasrallah", "Hassan Nasrallah", "LBN"),
        ("Prigoschin ließ seine Kämpfer auf Moskau marschieren.", "Prigoschin", "Jewgeni Prigoschin", "RUS"),
        ("Gerassimow besuchte die Front.", "Gerassimow", "Waleri Gerassimow", "RUS"),
        ("Budanow kündigte weitere Angriffe an.", "Budanow", "Kyrylo Budanow", "UKR"),
        ("Grossi forderte Zugang zu den Atomanlagen.", "Grossi", "Rafael Grossi", "ARG"),
        ("Tedros warnte vor einer neuen Pandemie.", "Tedros", "Tedros Adhanom Ghebreyesus", "ETH"),
        ("Fico kritisierte die Sanktionen scharf.", "Fico", "Robert Fico", "SVK"),
        ("Mitsotakis kündigte Neuwahlen an.", "Mitsotakis", "Kyriakos Mitsotakis", "GRC"),
        ("Nawrocki legte sein Veto ein.", "Nawrocki", "Karol Nawrocki", "POL"),
        ("Haftar kontrolliert den Osten des Landes.", "Haftar", "Chalifa Haftar", "LBY"),
        ("Bessent kündigte neue Zölle an.", "Bessent", "Scott Bessent", "USA"),
        ("Albanese warf Israel Völkermord vor.", "Albanese", "Francesca Albanese", "ITA"),
        ("Kadyrow schickte weitere Kämpfer an die Front.", "Kadyrow", "Ramsan Kadyrow", "RUS"),
    ],
)
def test_curated_person_by_surname_alone(nlp, text, mention, name, country):
    acts = covering(actors(nlp, text), mention)
    assert acts, f"{mention!r} is no actor mention"
    assert (acts[0].name, acts[0].type, acts[0].country) == (name, "PERSON", country)


@pytest.mark.parametrize(
    ("text", "name", "country", "surname"),
    [
        ("Jizchak Herzog besuchte Berlin. Herzog sprach vor dem Bundestag.", "Jizchak Herzog", "ISR", "Herzog"),
        ("Masrour Barzani traf den Kanzler. Barzani bat um Hilfe.", "Masrour Barzani", "IRQ", "Barzani"),
        ("Kaja Kallas und Hadja Lahbib reisten ab. Lahbib sprach von Hilfe.", "Hadja Lahbib", "BEL", "Lahbib"),
        ("Kristen Michal traf den Kanzler. Michal sprach von Bedrohung.", "Kristen Michal", "EST", "Michal"),
    ],
)
def test_curated_full_name_gives_country_and_later_surname(nlp, text, name, country, surname):
    person = by_name(actors(nlp, text), name)
    assert person.country == country
    assert surname in [m.text for m in person.mentions]


def test_english_alias_gives_the_person_and_country(nlp):
    acts = actors(nlp, "Sergei Shoigu sprach in Peking. Shoigu forderte ein Ende der Sanktionen.")
    person = by_name(acts, "Sergei Shoigu")
    assert person.country == "RUS" and [m.text for m in person.mentions] == ["Sergei Shoigu", "Shoigu"]


# ---------------------------------------------------------------- inflected and alternative country forms
@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Die Vereinigten Arabischen Emirate kritisierten den Angriff.", "Vereinigten Arabischen Emirate", "ARE"),
        (
            "Katar vermittelte gemeinsam mit den Vereinigten Arabischen Emiraten.",
            "Vereinigten Arabischen Emiraten",
            "ARE",
        ),
        ("Gespräche zwischen Israel und den Palästinensergebieten stocken.", "Palästinensergebieten", "PSE"),
        ("Die Islamische Republik drohte mit Vergeltung.", "Islamische Republik", "IRN"),
        ("Der Kongo warf Ruanda vor, die Rebellen zu unterstützen.", "Kongo", "COD"),
        ("Kinshasa warf Kigali die Unterstützung der Miliz vor.", "Kigali", "RWA"),
        ("Taschkent und Moskau unterzeichneten ein Abkommen.", "Taschkent", "UZB"),
        ("Maskat vermittelte zwischen Washington und Teheran.", "Maskat", "OMN"),
        ("Türkiye kündigte Gegenmaßnahmen an.", "Türkiye", "TUR"),
        ("Mit der Tschechischen Republik verhandelt Polen über Gas.", "Tschechischen Republik", "CZE"),
    ],
)
def test_country_forms(nlp, text, mention, country):
    _assert_actor(nlp, text, mention, "GPE", country)


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Die kongolesische Regierung forderte Sanktionen.", "kongolesische Regierung", "COD"),
        ("Die usbekische Regierung dementierte den Bericht.", "usbekische Regierung", "UZB"),
        ("Das ukrainische Gesundheitsministerium meldete neue Zahlen.", "ukrainische Gesundheitsministerium", "UKR"),
        ("Die russischen Behörden nahmen den Reporter fest.", "russischen Behörden", "RUS"),
    ],
)
def test_country_adjective_and_institution(nlp, text, mention, country):
    _assert_actor(nlp, text, mention, "ORG", country)


def _assert_actor(nlp, text: str, mention: str, typ: str, country: str) -> None:
    acts = covering(actors(nlp, text), mention)
    assert acts, f"{mention!r} is no actor mention"
    assert (acts[0].type, acts[0].country) == (typ, country)


# ---------------------------------------------------------------- organisations
@pytest.mark.parametrize(
    ("text", "mention", "name", "country"),
    [
        ("Die Bundesbank senkte ihre Wachstumsprognose.", "Bundesbank", "Bundesbank", "DEU"),
        ("Der Militärische Abschirmdienst ermittelt gegen einen Soldaten.", "Militärische Abschirmdienst", None, None),
        ("Die Fed hob den Leitzins erneut an.", "Fed", "Fed", "USA"),
        ("Die Lokführergewerkschaft kündigte Streiks an.", "Lokführergewerkschaft", "GDL", "DEU"),
        ("Die IG BCE einigte sich mit den Arbeitgebern.", "IG BCE", "IG BCE", "DEU"),
        ("Die Ampel zerbrach im Streit um den Haushalt.", "Ampel", "Ampel-Koalition", "DEU"),
        ("Die Kassam-Brigaden feuerten Raketen ab.", "Kassam-Brigaden", "Kassam-Brigaden", "PSE"),
        ("Die UN-Atombehörde verlangte Zugang.", "UN-Atombehörde", "IAEA", None),
        ("Der Mossad soll den Anschlag vorbereitet haben.", "Mossad", "Mossad", "ISR"),
        ("Die Volksbefreiungsarmee begann ein Manöver.", "Volksbefreiungsarmee", "Volksbefreiungsarmee", "CHN"),
        ("Der Golf-Kooperationsrat verurteilte den Angriff.", "Golf-Kooperationsrat", "Golf-Kooperationsrat", None),
        ("Die Ecowas drohte den Putschisten.", "Ecowas", "Ecowas", None),
        ("Die Tisza-Partei gewann die Wahl.", "Tisza-Partei", "Tisza-Partei", "HUN"),
        ("Das Unterhaus stimmte dem Gesetz zu.", "Unterhaus", "Unterhaus", "GBR"),
        ("Der Föderationsrat billigte den Einsatz.", "Föderationsrat", "Föderationsrat", "RUS"),
        ("Das ISW schreibt, Russland habe Verluste erlitten.", "ISW", "ISW", "USA"),
    ],
)
def test_organisations(nlp, text, mention, name, country):
    acts = covering(actors(nlp, text), mention)
    assert acts, f"{mention!r} is no actor mention"
    org = acts[0]
    assert org.type == "ORG"
    if name:
        assert org.name == name
    if country:
        assert org.country == country


def test_mad_is_named_by_its_abbreviation(nlp):
    acts = actors(nlp, "Der Militärische Abschirmdienst ermittelt. Der MAD bestätigte das.")
    assert by_name(acts, "Militärischer Abschirmdienst").country == "DEU"


@pytest.mark.parametrize(
    ("text", "name", "mentions"),
    [
        ("Die EU-Kommission schlug Zölle vor. Die Kommission will sie im Mai erheben.", "EU-Kommission",
         ["EU-Kommission", "Kommission"]),
        ("Die Hisbollah feuerte Raketen ab. Die Schiitenmiliz kündigte weitere an.", "Hisbollah",
         ["Hisbollah", "Schiitenmiliz"]),
        ("Die Terrormiliz IS bekannte sich zu dem Anschlag. Die Terrormiliz drohte mit weiteren.", "IS",
         ["Terrormiliz IS", "Terrormiliz"]),
    ],
)  # fmt: skip
def test_organisation_anaphors(nlp, text, name, mentions):
    assert [m.text for m in by_name(actors(nlp, text), name).mentions] == mentions


def test_commission_anaphor_needs_an_antecedent(nlp):
    acts = actors(nlp, "Die Kommission tagte bis in die Nacht.")
    assert not any(a.name == "EU-Kommission" for a in acts)


# ---------------------------------------------------------------- role nouns before a name
@pytest.mark.parametrize(
    ("text", "name", "role", "country"),
    [
        ("Generalstabschef Ejal Samir warnte vor einer Eskalation.", "Ejal Samir", "Generalstabschef", "ISR"),
        ("Das sagte Verfassungsschutzchef Sinan Selen in Berlin.", "Sinan Selen", "Verfassungsschutzchef", "DEU"),
        ("Die Anklage vertritt Bundesanwältin Anna Berger.", "Anna Berger", "Bundesanwalt", "DEU"),
        ("Kritik kam von Landrätin Petra Becker.", "Petra Becker", "Landrat", "DEU"),
        ("Kritik kam von Kremlkritiker Michail Chodorkowski.", "Michail Chodorkowski", "Kremlkritiker", "RUS"),
        ("Auch Ex-Kanzler Gerhard Schröder meldete sich zu Wort.", "Gerhard Schröder", "Ex-Kanzler", "DEU"),
        ("Unterdessen kündigte Ex-Präsident Jair Bolsonaro Proteste an.", "Jair Bolsonaro", "Ex-Präsident", "BRA"),
        ("Das Treffen leitete Scheich Tamim bin Hamad al-Thani.", "Tamim bin Hamad al-Thani", "Scheich", "QAT"),
        ("Seit dem Putsch regiert Machthaber Min Aung Hlaing.", "Min Aung Hlaing", "Machthaber", "MMR"),
        ("Nach Moskau reist Sondergesandter Steve Witkoff.", "Steve Witkoff", "Sondergesandter", "USA"),
        ("Die Delegation führt Chefunterhändler Rustem Umjerow.", "Rustem Umjerow", "Chefunterhändler", "UKR"),
        ("Das bestätigte Bundesinnenminister Alexander Dobrindt.", "Alexander Dobrindt", "Innenminister", "DEU"),
        ("Laut Kanzleramtschef Thorsten Frei ist das Gesetz fertig.", "Thorsten Frei", "Kanzleramtschef", "DEU"),
        ("Das kündigte Großajatollah Ali Sistani an.", "Ali Sistani", "Großajatollah", None),
        ("Es sprach Uno-Generalsekretär António Guterres.", "António Guterres", "Generalsekretär", "PRT"),
    ],
)
def test_role_before_name(nlp, text, name, role, country):
    person = by_name(actors(nlp, text), name)
    assert person.type == "PERSON" and role in person.roles
    if country:
        assert person.country == country


@pytest.mark.parametrize(
    ("text", "org", "person", "role"),
    [
        ("Verdi-Chef Frank Werneke drohte mit Streiks.", "Verdi", "Frank Werneke", "Chef"),
        ("BKA-Präsident Holger Münch warnte vor Anschlägen.", "Bundeskriminalamt", "Holger Münch", "Präsident"),
        ("Linken-Chefin Ines Schwerdtner widersprach.", "Linke", "Ines Schwerdtner", "Chef"),
    ],
)
def test_organisation_prefix_before_role_and_name(nlp, text, org, person, role):
    acts = actors(nlp, text)
    assert by_name(acts, org).type == "ORG"
    p = by_name(acts, person)
    assert role in p.roles and p.country == "DEU"


def test_counted_hostages(nlp):
    acts = covering(actors(nlp, "Die Hamas ließ am Montag 20 Geiseln frei."), "20 Geiseln")
    assert acts and acts[0].count == 20 and acts[0].roles == ["Geisel"]


# ---------------------------------------------------------------- what the data must not do
@pytest.mark.parametrize(
    "text",
    [
        "Lies mehr darüber in unserem Dossier.",
        "Der Fall kam vor das Landgericht. Ali bestritt die Tat.",
        "Die Apps aus dem App Store wurden geprüft.",
    ],
)
def test_words_that_are_no_curated_surnames(nlp, text):
    assert not any(a.type == "PERSON" and a.country for a in actors(nlp, text))
