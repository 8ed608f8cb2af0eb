"""Language: a text without `language` is analysed only on positive German evidence; everything else gets a 422
problem that names the supported languages (and the language the text looks like, where that is clear)."""

from __future__ import annotations

import pytest

from service.nlp import langid

PROBLEM = "application/problem+json"

# The same news sentence in many languages (none of them German), hand-written.
OTHER_LANGUAGES = {
    "en": "The government announced on Wednesday that it would not send any troops to the region.",
    "fr": "Le gouvernement a annoncé mercredi qu'il n'enverrait pas de troupes dans la région.",
    "es": "El gobierno anunció el miércoles que no enviará tropas a la región.",
    "it": "Il governo ha annunciato mercoledì che non invierà truppe nella regione.",
    "nl": "De regering heeft woensdag aangekondigd dat zij geen troepen naar de regio zal sturen.",
    "pt": "O governo anunciou na quarta-feira que não enviará tropas para a região.",
    "pl": "Rząd ogłosił w środę, że nie wyśle wojsk do regionu.",
    "sv": "Regeringen meddelade på onsdagen att den inte kommer att skicka trupper till regionen.",
    "da": "Regeringen meddelte onsdag, at den ikke vil sende tropper til regionen.",
    "cs": "Vláda ve středu oznámila, že do regionu nepošle vojáky.",
    "hu": "A kormány szerdán bejelentette, hogy nem küld csapatokat a térségbe.",
    "ro": "Guvernul a anunțat miercuri că nu va trimite trupe în regiune.",
    "fi": "Hallitus ilmoitti keskiviikkona, ettei se lähetä joukkoja alueelle.",
    "lb": "D'Regierung huet e Mëttwoch ugekënnegt, datt si keng Truppen an d'Regioun schécke wäert.",
    "tr": "Hükümet çarşamba günü bölgeye asker göndermeyeceğini açıkladı.",
    "ru": "Правительство объявило в среду, что не будет направлять войска в регион.",
    "uk": "Уряд оголосив у середу, що не надсилатиме війська до регіону.",
    "el": "Η κυβέρνηση ανακοίνωσε την Τετάρτη ότι δεν θα στείλει στρατεύματα στην περιοχή.",
    "ar": "أعلنت الحكومة يوم الأربعاء أنها لن ترسل قوات إلى المنطقة.",
    "fa": "دولت روز چهارشنبه اعلام کرد که نیرویی به منطقه اعزام نخواهد کرد.",
    "ja": "政府は水曜日、同地域に部隊を派遣しないと発表した。",
}
GERMAN = {
    "sentence": "Die Bundesregierung hat am Mittwoch die Entsendung weiterer Soldaten nach Litauen beschlossen.",
    "short sentence": "Der Kanzler reiste nach Paris.",
    "headline": "Putin droht der Ukraine.",
    "Swiss German news": "Der Bundesrat hat am Mittwoch entschieden, die Sanktionen der EU zu übernehmen.",
    "with an English quote": (
        'Der US-Präsident sagte am Montag in Washington: "We will not accept this deal, and we will respond with '
        'tariffs." Die Bundesregierung reagierte zurückhaltend und kündigte Gespräche an.'
    ),
    "with two English quotes": (
        'Trump schrieb auf seiner Plattform: "This is a great day for America." Kanzler Merz sagte später, '
        'man werde "very carefully" prüfen, was das für die deutschen Exporte bedeute.'
    ),
}
# Texts that are not German enough to analyse without being told: too short, or mostly another language.
UNCLEAR = {
    "two words": "Hallo Welt.",
    "names only": "Merz traf Macron in Paris.",
    "a number": "0",
    "one letter a line": "a\n" * 500,
    "English with a German quote": (
        'The chancellor said "Wir schaffen das" at a press conference in Berlin on Tuesday, and the opposition '
        "criticised him sharply for it."
    ),
    "half English": "Die Regierung hat entschieden. The government has decided to send more troops next week.",
    "Russian with German names": "Канцлер Мерц встретился в Берлине с президентом Макроном и министром Вадефулем.",
}


def assert_language_problem(response) -> dict:
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["type"] == "urn:news-events:problem:unsupported-language"
    assert "supported: de" in body["detail"] and '"language": "de"' in body["detail"]
    assert [e["pointer"] for e in body["errors"]] == ["/text"]
    return body


def test_at_least_twelve_languages_are_covered():
    assert len(OTHER_LANGUAGES) >= 12


@pytest.mark.parametrize("code", sorted(OTHER_LANGUAGES))
def test_other_languages_get_422_naming_the_supported_ones_and_their_own(client, code):
    body = assert_language_problem(client.post("/v1/extract", json={"text": OTHER_LANGUAGES[code]}))
    assert f"looks like {code!r}" in body["detail"]


@pytest.mark.parametrize("name", sorted(GERMAN))
def test_german_texts_are_analysed(client, name):
    response = client.post("/v1/extract", json={"text": GERMAN[name]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["language"] == "de"


@pytest.mark.parametrize("name", sorted(UNCLEAR))
def test_texts_without_clear_german_evidence_get_422(client, name):
    assert_language_problem(client.post("/v1/extract", json={"text": UNCLEAR[name]}))


@pytest.mark.parametrize("name", sorted(UNCLEAR))
def test_an_explicit_language_skips_the_check(client, name):
    response = client.post("/v1/extract", json={"text": UNCLEAR[name], "language": "de"})
    assert response.status_code == 200
    assert response.get_json()["language"] == "de"


def test_text_plain_bodies_are_checked_too(client):
    russian = OTHER_LANGUAGES["ru"].encode()
    assert_language_problem(client.post("/v1/extract", data=russian, content_type="text/plain; charset=utf-8"))
    told = client.post("/v1/extract?language=de", data=russian, content_type="text/plain; charset=utf-8")
    assert told.status_code == 200


def test_batch_documents_are_checked_one_by_one(client):
    documents = [{"text": GERMAN["sentence"]}, {"text": OTHER_LANGUAGES["tr"]}, {"text": OTHER_LANGUAGES["ar"]}]
    results = client.post("/v1/extract/batch", json={"documents": documents}).get_json()["results"]
    assert [r["status"] for r in results] == [200, 422, 422]
    assert results[1]["problem"]["type"] == "urn:news-events:problem:unsupported-language"
    assert results[1]["problem"]["errors"][0]["pointer"] == "/documents/1/text"


def test_the_verdict_needs_german_first_and_mostly_latin_letters():
    assert langid.guess(GERMAN["sentence"]).german
    assert langid.detect(GERMAN["sentence"]) == "de"
    # German words in another script are no German text
    assert not langid.guess("Дер Канцлер рейсте нах Парис унд дер Президент").german
    # an empty or letterless text says nothing
    assert langid.guess("").language is None and not langid.guess("").german
    assert langid.detect("12345 !!!") is None
