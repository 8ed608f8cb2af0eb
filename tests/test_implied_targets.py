"""Targets a clause implies where the trigger's frame names none (service/nlp/events/targets.py), on sentences
written for these tests (not from any gold set): the whole pipeline runs, as in production."""

from __future__ import annotations

import pytest

from tests.test_arguments import event, names

IMPLIED = [
    # an attack on a place of another state targets that state
    (
        "Die Ukraine hat in der Nacht einen Drohnenangriff auf Ziele in Russland gestartet.",
        "Drohnenangriff",
        {"Russland"},
    ),
    ("Russische Truppen eroberten am Dienstag die Stadt Charkiw.", "eroberten", {"Ukraine"}),
    ("Griechische Kampfflugzeuge drangen am Montag in den türkischen Luftraum ein.", "drangen", {"Türkei"}),
    # a tariff or import ban targets the country the goods come from
    ("Die EU erhebt ab Juli Strafzölle auf chinesische Elektroautos.", "erhebt", {"China"}),
    ("Washington will sämtliche Einfuhren aus Mexiko mit Sonderzöllen belegen.", "belegen", {"Mexiko"}),
    ("Kanada verhängte am Montag Strafzölle auf Stahl aus China.", "verhängte", {"China"}),
    # a demand whose object is an act targets the act's owner
    ("Serbien verlangte den Rückzug der Nato aus dem Kosovo.", "verlangte", {"NATO"}),
    # "Auf Antrag/Bitten X" fronting a clause: the main clause's subject grants the request
    ("Auf Antrag Frankreichs vertagte der UN-Sicherheitsrat die Abstimmung.", "Antrag", {"UN-Sicherheitsrat"}),
    (
        "Auf Bitten Kuwaits verlängerten Saudi-Arabien und Ägypten die Frist um zwei Tage.",
        "Bitten",
        {"Saudi-Arabien", "Ägypten"},
    ),
    # a verb coordinated with a targeted one of the same subject shares its target
    (
        "Zugleich forderte die russische Regierung die Nato auf, ihre Manöver zu beenden, "
        "und drohte mit Gegenmaßnahmen.",
        "drohte",
        {"NATO"},
    ),
    # a meeting's host: the convener's von-phrase, an assembly's owner when another actor speaks there
    ("Baerbock sprach bei einem von Frankreich einberufenen Treffen in Paris.", "Treffen", {"Frankreich"}),
    (
        "Bundeskanzler Friedrich Merz sprach am Montag auf der Hauptversammlung des Deutschen Bauernverbands.",
        "Hauptversammlung",
        {"Bauernverband"},
    ),
]

NOT_IMPLIED = [
    # an attack in the agent's own country names no foreign target
    ("Russische Truppen griffen Stellungen in der Region Belgorod an.", "griffen", "Russland"),
    # an explicit target wins over the place's country
    ("Israel griff am Morgen die Hisbollah in Syrien an.", "griff", "Syrien"),
    # no agent, no telling whose territory is foreign
    ("In der Nacht wurden Ziele in Syrien angegriffen.", "angegriffen", "Syrien"),
    # the goods' country is the agent's own: no target
    ("China erhebt Zölle auf chinesische Exporte seltener Erden.", "erhebt", "China"),
    # a place phrase after the act noun is no owner
    ("Ungarn verlangte den Abzug der Truppen aus der Ukraine.", "verlangte", "Ukraine"),
    # the explicit addressee wins over the act's owner
    ("Polen verlangte von Russland den Abzug der Soldaten Belarus'.", "verlangte", "Belarus"),
    # a coordinated verb with a subject of its own shares nothing
    ("Die EU kritisierte Ungarn scharf, und Polen drohte mit Konsequenzen.", "drohte", "Ungarn"),
]


@pytest.mark.parametrize(("text", "trigger", "whom"), IMPLIED)
def test_implied_target(nlp, text, trigger, whom):
    assert names(event(nlp, text, trigger)["whom"]) == whom


@pytest.mark.parametrize(("text", "trigger", "absent"), NOT_IMPLIED)
def test_no_implied_target(nlp, text, trigger, absent):
    assert absent not in names(event(nlp, text, trigger)["whom"])


def test_assembly_speaker_is_the_agent(nlp):
    """At an organisation's assembly the outsider who speaks is who, the organisation the host (whom)."""
    ev = event(
        nlp,
        "Bundeskanzler Friedrich Merz sprach am Montag auf der Hauptversammlung des Deutschen Bauernverbands.",
        "Hauptversammlung",
    )
    assert names(ev["who"]) == {"Friedrich Merz"}
