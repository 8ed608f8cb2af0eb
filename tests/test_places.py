"""news_places on sentence shapes from German news: exonyms, inflections, ambiguity, unknown places."""

from __future__ import annotations

import pytest

from service.nlp import records
from service.nlp.pipeline import analyze
from service.nlp.places import place_at


def places(nlp, text: str) -> list[records.Place]:
    doc = analyze(nlp, text)
    out = records.get(doc, "places")
    for p in out:
        for m in p.mentions:
            assert doc.text[m.start : m.end] == m.text
    return out


def at(nlp, text: str, mention: str) -> records.Place:
    found = [p for p in places(nlp, text) if any(m.text == mention for m in p.mentions)]
    assert found, f"{mention!r} is no place mention in {text!r}"
    return found[0]


# ---------------------------------------------------------------- German exonyms, geocoded
@pytest.mark.parametrize(
    ("text", "mention", "name", "country", "geonames_id"),
    [
        ("Rutte sprach auf einer Pressekonferenz in Brüssel.", "Brüssel", "Brüssel", "BEL", 2800866),
        ("Das sagte Uschakow am Mittwoch in Moskau.", "Moskau", "Moskau", "RUS", 524901),
        ("Bei einem Treffen am Freitag in Peking wollen beide sprechen.", "Peking", "Peking", "CHN", 1816670),
        ("Einen Tag nach dem Besuch von Johnson in Kiew kam Rutte.", "Kiew", "Kiew", "UKR", 703448),
        ("Die Delegation reiste weiter nach Warschau.", "Warschau", "Warschau", "POL", None),
        ("Vance kommt dieses Jahr nicht nach München.", "München", "München", "DEU", 2867714),
        ("Die Gespräche finden in Genf statt.", "Genf", "Genf", "CHE", None),
        ("Das Tribunal tagt in Den Haag.", "Den Haag", "Den Haag", "NLD", None),
        ("Was aus Washington erwartet wird, ist klar.", "Washington", "Washington", "USA", 4140963),
        ("Der Gipfel fand in London statt.", "London", "London", "GBR", 2643743),
        ("Die Konferenz findet in Paris statt.", "Paris", "Paris", "FRA", None),
    ],
)
def test_exonyms(nlp, text, mention, name, country, geonames_id):
    place = at(nlp, text, mention)
    assert (place.name, place.country) == (name, country)
    assert place.lat is not None and place.lon is not None
    if geonames_id:
        assert place.geonames_id == geonames_id


def test_coordinates_of_brussels(nlp):
    place = at(nlp, "Rutte sprach in Brüssel.", "Brüssel")
    assert abs(place.lat - 50.85) < 0.05 and abs(place.lon - 4.35) < 0.05


# ---------------------------------------------------------------- inflections and countries
@pytest.mark.parametrize(
    ("text", "mention", "name", "country"),
    [
        ("Die Soldaten werden nach Rumänien entsandt.", "Rumänien", "Rumänien", "ROU"),
        ("Ein Gespräch in Rumäniens Hauptstadt ist geplant.", "Rumäniens", "Rumänien", "ROU"),
        ("Die Soldaten sollen nicht in der Ukraine kämpfen.", "Ukraine", "Ukraine", "UKR"),
        ("Das Verteidigungsministerium in den USA wurde umbenannt.", "USA", "USA", "USA"),
        ("Die Soldaten werden nach Deutschland und Polen verlegt.", "Polen", "Polen", "POL"),
        ("Die Reise führte ihn nach Georgien.", "Georgien", "Georgien", "GEO"),
        ("Das Gericht sitzt in Luxemburg.", "Luxemburg", "Luxemburg", "LUX"),
        ("Die Stabilität Europas ist bedroht.", "Europas", "Europa", None),
    ],
)
def test_countries_and_inflections(nlp, text, mention, name, country):
    place = at(nlp, text, mention)
    assert (place.name, place.country) == (name, country)


def test_country_resolves_as_country(nlp):
    place = at(nlp, "Die Reise führte ihn nach Georgien.", "Georgien")
    assert place.lat is None and place.geonames_id is not None  # the country, not the US state


# ---------------------------------------------------------------- regions, landmarks, small towns
@pytest.mark.parametrize(
    ("text", "mention", "name", "country", "has_coords"),
    [
        (
            "Die Ukraine verlegte Truppen nahe der Kontaktlinie im umkämpften Donbass.",
            "Donbass",
            "Donbass",
            "UKR",
            False,
        ),
        ("Rubio nimmt an Treffen im Weißen Haus teil.", "Weißen Haus", "Weißes Haus", "USA", True),
        (
            "1000 derzeit im bayerischen Vilseck stationierte US-Soldaten werden entsandt.",
            "Vilseck",
            "Vilseck",
            "DEU",
            True,
        ),
        ("Die USA schicken Verstärkung nach Deutschland und Osteuropa.", "Osteuropa", "Osteuropa", None, False),
        (
            "Soldaten vom Stützpunkt Fort Bragg im Bundesstaat North Carolina",
            "North Carolina",
            "North Carolina",
            "USA",
            False,
        ),
        ("Die Amerikaner müssten sich um den Pazifikraum kümmern.", "Pazifikraum", "Pazifikraum", None, False),
        ("Es geht um Frieden in Europa.", "Europa", "Europa", None, True),
        # federal states, cantons, regions, seas and mountains that GeoNames' cities lack
        ("Die Polizei durchsuchte Wohnungen in Bayern und Sachsen.", "Bayern", "Bayern", "DEU", False),
        ("In Brandenburg wird im September gewählt.", "Brandenburg", "Brandenburg", "DEU", False),
        ("Lawinen haben in Tirol drei Straßen verschüttet.", "Tirol", "Tirol", "AUT", False),
        ("Der Kanton Graubünden sperrt den Pass.", "Graubünden", "Graubünden", "CHE", False),
        ("Schottland will ein neues Referendum.", "Schottland", "Schottland", "GBR", False),
        (
            "Chinas Küstenwache blockierte ein Schiff im Südchinesischen Meer.",
            "Südchinesischen Meer",
            "Südchinesisches Meer",
            None,
            False,
        ),
        ("Die Bundeswehr war zwanzig Jahre am Hindukusch im Einsatz.", "Hindukusch", "Hindukusch", "AFG", False),
        # a name after a word for a town, a site or a building; the Arabic article inside a name
        ("Die Miliz hat die Grenzstadt Manbidsch verlassen.", "Manbidsch", "Manbidsch", None, False),
        ("Kämpfe gab es auch in der Küstenstadt Ras Lanuf.", "Ras Lanuf", "Ras Lanuf", None, False),
        ("Die Gespräche fanden in Scharm el-Scheich statt.", "Scharm el-Scheich", "Scharm el-Scheich", None, False),
        ("Er wurde im Präsidentenpalast Miraflores empfangen.", "Miraflores", "Miraflores", None, False),
        # a compass prefix makes a part of a country or continent, in that country
        ("Milizen haben im Ostkongo zwei Dörfer überfallen.", "Ostkongo", "Ostkongo", "COD", False),
        ("Die Hilfsgüter erreichen Nordsyriens Flüchtlingslager kaum.", "Nordsyriens", "Nordsyrien", "SYR", False),
        ("Die Bundeswehr beendet ihren Einsatz in Westafrika.", "Westafrika", "Westafrika", None, False),
    ],
)
def test_regions_landmarks_towns(nlp, text, mention, name, country, has_coords):
    place = at(nlp, text, mention)
    assert (place.name, place.country) == (name, country)
    assert (place.lat is not None) == has_coords


# ---------------------------------------------------------------- unknown places
def test_district_with_its_city(nlp):
    place = at(nlp, "Sie sind im Pullman-Hotel in Stuttgart-Vaihingen untergekommen.", "Stuttgart-Vaihingen")
    assert place.country == "DEU" and place.lat is None and place.geonames_id is None


def test_facility_in_a_known_place_takes_its_country(nlp):
    text = "Sie kommen in den Patch Barracks in Stuttgart-Vaihingen zusammen."
    place = at(nlp, text, "Patch Barracks")
    assert place.name == "Patch Barracks" and place.country == "DEU" and place.lat is None


def test_hotel_compound(nlp):
    place = at(nlp, "Sie sind offenbar im Pullman-Hotel in Stuttgart-Vaihingen untergekommen.", "Pullman-Hotel")
    assert place.country == "DEU" and place.lat is None


def test_hotel_before_name(nlp):
    text = "Am Mittwochabend war ein Empfang im unweiten Hotel Vienna House anberaumt."
    assert at(nlp, text, "Hotel Vienna House").lat is None


def test_fort_with_state(nlp):
    place = at(nlp, "Es sollen 2000 Soldaten vom Stützpunkt Fort Bragg verlegt werden.", "Fort Bragg")
    assert place.country == "USA"


def test_unknown_name_after_locative_preposition(nlp):
    place = at(nlp, "Die Generalität wurde auf einem Stützpunkt in Quantico einberufen.", "Quantico")
    assert place.lat is None and place.lon is None


def test_district_name_alone_is_the_same_place(nlp):
    text = "Die Polizei steht in Stuttgart-Vaihingen. Am Bahnhofsvorplatz in Vaihingen ist nichts abgesperrt."
    place = at(nlp, text, "Stuttgart-Vaihingen")
    assert [m.text for m in place.mentions] == ["Stuttgart-Vaihingen", "Vaihingen"]


def test_military_airport_after_prefixed_descriptor(nlp):
    place = at(nlp, "Dort liegt der US-Militärflughafen Ramstein.", "Ramstein")
    assert place.country == "DEU" and place.lat is not None


# ---------------------------------------------------------------- ambiguity: the article's other places
def test_context_prefers_the_articles_country(nlp):
    text = "Die Polizei in Baden-Württemberg ermittelt. In Stuttgart und Karlsruhe gab es Kontrollen."
    assert at(nlp, text, "Stuttgart").country == "DEU"


def test_biggest_same_named_place_without_context(nlp):
    assert at(nlp, "Der Gipfel fand in Peking statt.", "Peking").country == "CHN"


# ---------------------------------------------------------------- no places from nouns and acting capitals
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Moskau verurteilte die Entsendung als destruktiv.", "Moskau"),
        ("Die USA und die Nato hatten Ende Januar geantwortet.", "Ende"),
        ("Die Europäer wären nicht in der Lage, das zu leisten.", "Lage"),
        ("Das Essen war kalt.", "Essen"),
        ("Es stehen dunkle Vans mit Kennzeichen vor dem Hotel.", "Vans"),
        ("Er wird in Zukunft mehr leisten müssen.", "Zukunft"),
        ("Sie kommen bei der sogenannten Chief of Mission Conference zusammen.", "Mission"),
        ("Die Bundesregierung begrüßte den Schritt.", "Bundesregierung"),
        # a compass word that is no part of a place
        ("Der Westwind drückte das Wasser in die Bucht.", "Westwind"),
        ("Der Mittelstand klagt über die Abgaben.", "Mittelstand"),
    ],
)
def test_no_place(nlp, text, word):
    assert not any(m.text == word for p in places(nlp, text) for m in p.mentions)


def test_acting_capital_and_locative_capital_in_one_text(nlp):
    text = "Moskau verurteilte die Entsendung. Das sagte Uschakow in Moskau."
    found = [p for p in places(nlp, text) if p.name == "Moskau"]
    assert len(found) == 1 and [m.start for m in found[0].mentions] == [text.rindex("Moskau")]


# ---------------------------------------------------------------- place_at and ids
def test_place_at(nlp):
    text = "Rutte sprach auf einer Pressekonferenz in Brüssel."
    doc = analyze(nlp, text)
    hit = place_at(doc, text.index("in Brüssel"), len(text))
    assert hit is not None and hit[1].text == "Brüssel"
    assert place_at(doc, 0, 5) is None


def test_ids_in_order(nlp):
    found = places(nlp, "Er flog von Berlin nach Paris und dann nach Rom.")
    assert [p.id for p in found] == [f"p{i}" for i in range(1, len(found) + 1)]
    assert [p.name for p in found] == ["Berlin", "Paris", "Rom"]


# ---------------------------------------------------------------- robustness
@pytest.mark.parametrize(
    "text", ["", " ", "Brüssel", "in", "„“()-", "😀 in Brüssel 😀", "\x00in\x01 Kiew\x1f", "Stuttgart-", "-Hotel"]
)
def test_never_fails(nlp, text):
    assert isinstance(places(nlp, text), list)


def test_long_text(nlp):
    text = ("Die Minister trafen sich in Brüssel und reisten nach Stuttgart-Vaihingen weiter. " * 1300)[:100_000]
    found = places(nlp, text)
    brussels = next(p for p in found if p.name == "Brüssel")
    assert len(brussels.mentions) > 1000
