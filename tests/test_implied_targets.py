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
]


@pytest.mark.parametrize(("text", "trigger", "whom"), IMPLIED)
def test_implied_target(nlp, text, trigger, whom):
    assert names(event(nlp, text, trigger)["whom"]) == whom


@pytest.mark.parametrize(("text", "trigger", "absent"), NOT_IMPLIED)
def test_no_implied_target(nlp, text, trigger, absent):
    assert absent not in names(event(nlp, text, trigger)["whom"])
