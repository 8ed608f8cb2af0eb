"""Argument linking by grammatical function, on sentences written for these tests (not from any gold set).

Each case names a trigger and the actors (or places) expected in who, whom or where; the whole pipeline runs, so
the actors and places come from the shipped model and gazetteers as in production.
"""

from __future__ import annotations

import datetime as dt

import pytest

from service.extract import Article, extract

PUBLISHED = dt.date(2025, 3, 5)


def event(nlp, text: str, trigger: str) -> dict:
    """The event whose trigger text starts with `trigger` (the last one when several do)."""
    resp = extract(nlp, Article(text, PUBLISHED))
    found = [e for e in resp["events"] if e["trigger"]["text"].startswith(trigger)]
    assert found, f"no event {trigger!r}: {[(e['type'], e['trigger']['text']) for e in resp['events']]}"
    return found[-1]


def names(args: list[dict]) -> set[str]:
    return {a["name"] for a in args}


WHO = [
    # "unter anderem" is an adverb, and a list's commas do not end the clause before a separable particle
    ("Litauen erhält Hilfe: So sicherten ihm unter anderem Schweden, Norwegen und Dänemark Munition zu.",
     "sicherten", {"Schweden", "Norwegen", "Dänemark"}),
    # coordination: every conjunct, list commas included
    ("Deutschland, Frankreich und Polen kritisierten die Entscheidung scharf.", "kritisierten",
     {"Deutschland", "Frankreich", "Polen"}),
    ("Nach dem Abendessen unterzeichneten Macron und Scholz eine gemeinsame Erklärung.", "unterzeichneten",
     {"Emmanuel Macron", "Olaf Scholz"}),
    ("Im Palast unterzeichneten am Freitag Russlands Außenminister Sergej Lawrow und der chinesische Außenminister "
     "Wang Yi das Abkommen.", "unterzeichneten", {"Sergej Lawrow", "Wang Yi"}),
    ("Merz, Macron, Starmer und Tusk fordern Moskau zu einer sofortigen Waffenruhe auf.", "fordern",
     {"Friedrich Merz", "Emmanuel Macron", "Keir Starmer", "Donald Tusk"}),
    # subject after the finite verb, object before it
    ("Den Vorschlag lehnte Moskau am Montag ab.", "lehnte", {"Russland"}),
    ("Am Dienstag kritisierte Baerbock die Angriffe auf zivile Ziele.", "kritisierte", {"Annalena Baerbock"}),
    # passive: the von-phrase acts, every conjunct of it
    ("Die Regierung in Kiew wurde von Washington scharf kritisiert.", "kritisiert", {"USA"}),
    ("Die Miliz wird von Russland, Belarus und dem Iran unterstützt.", "unterstützt", {"Russland", "Belarus", "Iran"}),
    # relative clauses and clauses after an embedded one
    ("Guterres, der seit Wochen zwischen Moskau und Kiew vermittelt hatte, würdigte die Einigung.", "vermittelt",
     {"António Guterres"}),
    ("Guterres, der seit Wochen zwischen Moskau und Kiew vermittelt hatte, würdigte die Einigung.", "würdigte",
     {"António Guterres"}),
    ("Putin, der am Montag in Minsk war, kritisierte die Nato scharf.", "kritisierte", {"Wladimir Putin"}),
    # a title's organisation or a genitive country only qualifies the person
    ("Auch Nato-Generalsekretär Mark Rutte begrüßte die Entscheidung.", "begrüßte", {"Mark Rutte"}),
    ("Deutschlands Verteidigungsminister Boris Pistorius kritisierte den Angriff.", "kritisierte",
     {"Boris Pistorius"}),
    ("Der Sprecher des polnischen Außenministeriums, Jan Nowak, warf Litauen neue Provokationen vor.", "warf",
     {"Jan Nowak"}),
    # object control: the accused does what the zu-infinitive says; a promise keeps the promiser as subject
    ("Die Ukraine beschuldigt Russland, Getreidelager bombardiert zu haben.", "bombardiert", {"Russland"}),
    ("Serbien versprach dem Kosovo, die Truppen abzuziehen.", "abzuziehen", {"Serbien"}),
    ("Die Polizei nahm in Bremen zwei Männer fest.", "nahm", {"Polizei"}),
    ("Nach langer Nacht haben sich die Staats- und Regierungschefs Polens, Litauens und der Slowakei auf einen "
     "Plan verständigt.", "verständigt", {"Polen", "Litauen", "Slowakei"}),
    ("Am Mittwoch sprach der französische Präsident Emmanuel Macron mit Selenskyj.", "sprach", {"Emmanuel Macron"}),
    # the ministers of countries act for them
    ("Die Außenminister der USA und Chinas trafen sich am Freitag in Bali.", "trafen", {"USA", "China"}),
    # pronoun subjects by salience, and a feminine title keeps "er" away from a woman
    ("Wladimir Putin traf am Montag den türkischen Präsidenten. Zugleich warf er Ankara vor, die Grenze zu "
     "öffnen.", "warf", {"Wladimir Putin"}),
    ("Außenministerin Annalena Baerbock traf Sergej Lawrow. Danach kritisierte sie Russland scharf.", "kritisierte",
     {"Annalena Baerbock"}),
    # descriptions that take up a named person: same role class, implied country, gender, age
    ("Wladimir Putin hat die Nato scharf kritisiert. Der Kremlchef warf dem Westen Wortbruch vor.", "warf",
     {"Wladimir Putin"}),
    ("Präsident Emmanuel Macron traf Kanzler Olaf Scholz. Der französische Staatschef kritisierte die Zölle.",
     "kritisierte", {"Emmanuel Macron"}),
    ("Außenministerin Annalena Baerbock reiste nach Kiew. Die Grünen-Politikerin traf dort Präsident Selenskyj.",
     "traf", {"Annalena Baerbock"}),
    ("Kanzler Olaf Scholz traf Außenministerin Annalena Baerbock. Der 66-Jährige kritisierte danach die Pläne.",
     "kritisierte", {"Olaf Scholz"}),
    # an attributive participle with its agent is an event of its own; the agent is no argument of the main verb
    ("Im Januar eroberte die von Ruanda unterstützte Miliz M23 die Stadt Goma.", "unterstützte", {"Ruanda"}),
    ("Im Januar eroberte die von Ruanda unterstützte Miliz M23 die Stadt Goma.", "eroberte", {"M23"}),
    # an active verb with a von-phrase is no passive
    ("Die Europäische Union fordert von Russland den Abzug aller Truppen.", "fordert", {"EU"}),
    # a pronoun before the verb, a neuter country taken up by "es"
    ("Der frühere Präsident Donald Trump warb für Zölle; er warf China unfairen Handel vor.", "warf", {"Donald Trump"}),
    ("Russland habe einen Fehler begangen, als es in die Ukraine einmarschiert sei, sagte der Präsident.",
     "einmarschiert", {"Russland"}),
    # partners, members and appositions of a subject that names no actor
    ("Gemeinsam mit Bahrain und Ägypten werfen Saudi-Arabien und die Emirate Katar Terrorfinanzierung vor.", "werfen",
     {"Bahrain", "Ägypten", "Saudi-Arabien"}),
    ("An dem Gipfel nahmen Vertreter aus vierzig Staaten teil, darunter Emmanuel Macron und Giorgia Meloni.",
     "nahmen", {"Emmanuel Macron", "Giorgia Meloni"}),
    ("Die Außenminister beider Länder, Annalena Baerbock und Wang Yi, trafen sich am Montag in Peking.", "trafen",
     {"Annalena Baerbock", "Wang Yi"}),
    ("Präsident Emmanuel Macron und Kanzler Olaf Scholz, genannt „das Tandem“, unterzeichneten den Vertrag.",
     "unterzeichneten", {"Emmanuel Macron", "Olaf Scholz"}),
    # who ordered an agentless happening
    ("Auf Anordnung der Bundesanwaltschaft wurden am Morgen drei Männer festgenommen.", "festgenommen",
     {"Bundesanwaltschaft"}),
    # a country's genitive before a bare title takes up that country's holder of the title named before
    ("Giorgia Meloni empfing am Montag Olaf Scholz. Italiens Ministerpräsidentin kritisierte die EU-Kommission.",
     "kritisierte", {"Giorgia Meloni"}),
    # a role whose country the text does not state takes up the holder of that role named before, of any country;
    # "die" before a role shows a woman, and who the text shows as a woman is taken up before who it does not
    ("Bundeskanzler Karl Nehammer traf am Montag Präsident Alexander Van der Bellen. Der Kanzler kritisierte danach "
     "die Opposition.", "kritisierte", {"Karl Nehammer"}),
    ("CDU-Chefin Annegret Kramp-Karrenbauer traf am Sonntag Markus Söder. Der CSU-Politiker sprach von einem guten "
     "Gespräch. Am Abend kritisierte die CDU-Vorsitzende die SPD.", "kritisierte", {"Annegret Kramp-Karrenbauer"}),
    # a nationality noun for one person takes up that person; a group is never a person's antecedent
    ("Giorgia Meloni traf am Montag Olaf Scholz. Die Italienerin kritisierte die Migrationspolitik der EU.",
     "kritisierte", {"Giorgia Meloni"}),
    ("Die Separatisten kontrollieren die Stadt. Friedrich Merz reiste nach Kiew. Der CDU-Politiker kritisierte Moskau.",
     "kritisierte", {"Friedrich Merz"}),
    # groups without a name, forces for their country
    ("Prorussische Separatisten haben am Morgen eine Kaserne angegriffen.", "angegriffen", {"Separatisten"}),
    ("Kritiker werfen der Regierung vor, zu spät gehandelt zu haben.", "werfen", {"Kritiker"}),
    ("Russische Truppen griffen die Stadt am Morgen an.", "griffen", {"Russland"}),
    # a genitive behind a preposition's noun belongs to that noun, not to the noun trigger before it
    ("Ankara antwortete mit deutlicher Kritik an dem Bericht der Europäischen Kommission.", "Kritik", {"Türkei"}),
    ("Kritik der Opposition an der Außenpolitik Ungarns wies die Regierung in Budapest zurück.", "wies",
     {"ungarische Regierung"}),
    ("Die Außenminister Frankreichs und der USA trafen sich in Genf.", "trafen", {"Frankreich", "USA"}),
    ("Eine Abordnung der Taliban ist zu Gesprächen nach Doha gereist.", "gereist", {"Taliban"}),
    # partners of a pronoun subject act with it
    ("Polen und Litauen schlossen am Montag die Grenze. Zusammen mit Lettland werfen sie Belarus Erpressung vor.",
     "werfen", {"Polen", "Litauen", "Lettland"}),
    # the parties of the latest happening with several agents: "die Delegationen", "beide Seiten"
    ("Unterhändler Serbiens und des Kosovo trafen sich in Brüssel. Am Abend wollten die Delegationen "
     "erneut verhandeln.", "verhandeln", {"Serbien", "Kosovo"}),
    ("Sprecher der Armee und der Rebellen meldeten am Morgen schwere Gefechte.", "Gefechte", {"Rebellen"}),
    ("Die Regierung von Präsident Emmanuel Macron verhängte neue Sanktionen gegen Minsk.", "verhängte",
     {"Emmanuel Macron"}),
    ("Am Freitag verurteilten die Verteidigungsminister der Nato-Staaten den Angriff scharf.", "verurteilten",
     {"NATO"}),
    ("CSU-Chef Markus Söder sprach in München. Viktor Orbán wurde am Abend vom CSU-Vorsitzenden zum Essen "
     "eingeladen.", "eingeladen", {"Markus Söder"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "who"), WHO)
def test_who(nlp, text, trigger, who):
    ev = event(nlp, text, trigger)
    got = names(ev["who"]) | _country_names(ev["who"])
    assert who <= got, got


def _country_names(args: list[dict]) -> set[str]:
    """The country an argument acts for, by its German short name (an unnamed force stands for its country)."""
    from service.nlp.actor_lexicon import lexicon

    countries = lexicon().countries
    return {countries[a["country"]].name for a in args if a.get("country") in countries}


NOT_WHO = [
    # a zu-infinitive has no subject of its own: the phrase before it is its object
    ("Ankara wirft Stockholm vor, kurdische Milizen zu unterstützen.", "unterstützen", "Milizen"),
    # a name past the verb is no genitive of the noun trigger before the verb
    ("Der Angriff erschütterte Kiew am frühen Morgen.", "Angriff", "Ukraine"),
    # the party in a title compound only qualifies the person the title belongs to
    ("Lob kam auch von CDU-Chef Friedrich Merz.", "Lob", "CDU"),
    ("Grünen-Chefin Franziska Brantner kritisierte den Haushaltsentwurf scharf.", "kritisierte", "Grüne"),
    ("Bundesrat Ignazio Cassis reist am Montag zu Gesprächen nach Rom.", "reist", "Bundesrat"),
    ("Zur Begründung warf die Regierung Minsk vor, die Ermittlungen zu behindern.", "warf", "Belarus"),
    ("Am Dienstag warf der Sprecher der Regierung Serbien Wahlbetrug vor.", "warf", "Serbien"),
    # a non-actor subject keeps a later actor out of who
    ("Der neue Bundeskanzler fordert Moskau zu einer Waffenruhe auf.", "fordert", "Russland"),
    # a subject pronoun is not the first actor after the verb
    ("Wladimir Putin traf den türkischen Präsidenten. Zugleich warf er Ankara vor, die Grenze zu öffnen.", "warf",
     "Türkei"),
    ("Auch Nato-Generalsekretär Mark Rutte begrüßte die Entscheidung.", "begrüßte", "NATO"),
    ("Außenministerin Annalena Baerbock reiste nach Kiew. Die Grünen-Politikerin traf dort Präsident Selenskyj.",
     "traf", "Grüne"),
    # a description of another gender does not take up the person
    ("Außenministerin Annalena Baerbock traf Olaf Scholz. Der 66-Jährige kritisierte danach die Pläne.",
     "kritisierte", "Annalena Baerbock"),
    ("Nach dem Abendessen unterzeichneten Macron und Scholz eine gemeinsame Erklärung.", "unterzeichneten", "Essen"),
    ("Die Europäische Union fordert von Russland den Abzug aller Truppen.", "fordert", "Russland"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "absent"), NOT_WHO)
def test_not_who(nlp, text, trigger, absent):
    assert absent not in names(event(nlp, text, trigger)["who"])


WHOM = [
    ("Merz, Macron, Starmer und Tusk fordern Moskau zu einer sofortigen Waffenruhe auf.", "fordern", {"Russland"}),
    ("Putin, der am Montag in Minsk war, kritisierte die Nato scharf.", "kritisierte", {"NATO"}),
    ("Guterres, der seit Wochen zwischen Moskau und Kiew vermittelt hatte, würdigte die Einigung.", "vermittelt",
     {"Russland", "Ukraine"}),
    ("Im vergangenen Jahr hatten sich Trump und Kim gegenseitig mit Vernichtung gedroht.", "gedroht",
     {"Donald Trump", "Kim"}),
    ("Washington forderte von Peking ein Ende der Manöver. Peking wies die Forderung am Dienstag zurück.", "wies",
     {"USA"}),
    ("Im Januar eroberte die von Ruanda unterstützte Miliz M23 die Stadt Goma.", "unterstützte", {"M23"}),
    # a name set off by commas after its noun stays in the clause: the passive subject is every conjunct
    ("Bei dem Angriff wurden der Kommandeur der Armee, Juri Petrow, und Generalstabschef Iwan Sidorow getötet.",
     "getötet", {"Juri Petrow", "Iwan Sidorow"}),
    # the subject of a demand's or a reproach's dass-clause is its target
    ("Die EU fordert, dass Russland die Angriffe sofort einstellt.", "fordert", {"Russland"}),
    ("Polen kritisierte, dass Ungarn die Hilfe blockiere.", "kritisierte", {"Ungarn"}),
    # a phrase that names no actor, first after the verb, is the subject: the name after it is the object
    ("Zur Begründung warf die Regierung Minsk vor, die Ermittlungen zu behindern.", "warf", {"Belarus"}),
    ("In einer Erklärung kritisierte das Ministerium Ungarn scharf.", "kritisierte", {"Ungarn"}),
    # a verb that opens its clause after an apposition: the apposition acts, the name after the verb is the target
    ("Der Sprecher des polnischen Außenministeriums, Jan Nowak, warf Litauen neue Provokationen vor.", "warf",
     {"Litauen"}),
    # the owner of the trigger's prepositional target is the target
    ("Die Opposition übte heftige Kritik an der Außenpolitik Ungarns.", "Kritik", {"Ungarn"}),
    ("Der Kanzler übte Kritik an dem Vorgehen der chinesischen Regierung.", "Kritik", {"chinesische Regierung"}),
    # a common noun before a name describes it: the article before the noun marks the name's case
    ("Die Opposition wirft der Regierungspartei Fidesz vor, die Medien zu kontrollieren.", "wirft", {"Fidesz"}),
    ("Die Regierung gab dem Hersteller Airbus grünes Licht für die Lieferung.", "grünes", {"Airbus"}),
    # the owner of a fronted object is the target; a genitive after a noun is never the subject
    ("Die Hilfe Frankreichs begrüßte die Ukraine ausdrücklich.", "begrüßte", {"Frankreich"}),
    ("Den Vorschlag der EU-Kommission lehnte Ungarn ab.", "lehnte", {"EU-Kommission"}),
    ("Die Einsätze der Hilfsorganisation Caritas wurden von der Armee untersagt.", "untersagt", {"Caritas"}),
    ("Die Rebellen haben ein Patrouillenboot der philippinischen Küstenwache angegriffen.", "angegriffen",
     {"Küstenwache"}),
    # a definite event noun as the object takes up who did it, also a kindred happening and before a participle
    ("Die Türkei hat Truppen nach Syrien geschickt. Die Regierung in Damaskus verurteilte den Einmarsch.",
     "verurteilte", {"Türkei"}),
    ("Russland hat am Montag Sanktionen gegen Litauen verhängt. Vilnius hat die Sanktionen scharf verurteilt.",
     "verurteilt", {"Russland"}),
    # reciprocal: each agent is the other's target, also when the agents are taken up ("beide Seiten")
    ("Serbien und Kosovo verhandeln seit Jahren. Beide Seiten werfen sich gegenseitig Provokationen vor.", "werfen",
     {"Serbien", "Kosovo"}),
    # a role taken up by who holds it in the text, before who merely shares the country; "vom" + role takes up too
    ("SPD-Chef Lars Klingbeil verließ die Sitzung. Merz warf dem SPD-Chef Wortbruch vor.", "warf", {"Lars Klingbeil"}),
    ("CSU-Chef Markus Söder sprach in München. Viktor Orbán wurde am Abend vom CSU-Vorsitzenden zum Essen "
     "eingeladen.", "eingeladen", {"Viktor Orbán"}),
    # a nationality noun for one person in the accusative or dative takes up that person
    ("Olaf Scholz traf Fumio Kishida in Tokio. Danach lud der Kanzler den Japaner nach Berlin ein.", "lud",
     {"Fumio Kishida"}),
    # refusing talks or deals with someone: the partner is the target
    ("Taipeh schließt Verhandlungen mit Peking derzeit aus.", "schließt", {"China"}),
    ("Die Regierung lehnte Gespräche mit den Taliban ab.", "lehnte", {"Taliban"}),
    # the owner of a fronted dative: "Mitarbeitern der UNRWA verwehrte Israel den Zugang"
    ("Reportern der BBC verweigerten die Behörden die Einreise.", "verweigerten", {"BBC"}),
    ("Inspektoren der IAEA verweigerte Teheran die Einreise.", "verweigerte", {"IAEA"}),
    # welcoming or praising what someone did: the subject of the dass-clause is the one supported
    ("Die Kanzlerin begrüßte ausdrücklich, dass Polen weitere Flüchtlinge aufnehmen wolle.", "begrüßte", {"Polen"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "whom"), WHOM)
def test_whom(nlp, text, trigger, whom):
    got = names(event(nlp, text, trigger)["whom"])
    assert all(any(w in g for g in got) for w in whom), got


WHERE = [
    ("Gipfel in Oslo\n\nOslo: Die Außenminister der Nato-Staaten haben am Donnerstag über die Lage beraten.",
     "beraten", {"Oslo"}),
    ("Kiew (dpa) - Russland hat die Ukraine in der Nacht erneut mit Drohnen angegriffen.", "angegriffen", {"Kiew"}),
    ("Berlin – Die Kanzlerin ist am Montag in Paris mit Macron zusammengetroffen.", "zusammengetroffen", {"Paris"}),
    ("Im Istanbuler Dolmabahçe-Palast unterzeichneten beide Seiten das Abkommen.", "unterzeichneten",
     {"Dolmabahçe-Palast"}),
    # a double dateline names where the report was gathered, not where the event happened
    ("Rom/Madrid – Die Regierungen haben am Freitag neue Zölle auf Stahl verhängt.", "verhängt", set()),
    # a clause without a place of its own happens where the other clauses of its sentence do
    ("Nach Verhandlungen in Genf einigten sich beide Seiten auf einen Austausch; vermittelt hatte die Schweiz.",
     "vermittelt", {"Genf"}),
    # places listed after one preposition share it
    ("Am Dienstag wurden vier Männer festgenommen – in Hamburg, Leipzig und Bremen.", "festgenommen",
     {"Hamburg", "Leipzig", "Bremen"}),
    ("Die Ministerin reiste danach nach Chile und Peru.", "reiste", {"Chile", "Peru"}),
    # but not from a clause of saying, nor from the clause a complement depends on
    ("Die Armee habe die Stadt angegriffen, sagte der Sprecher am Montag in Wien.", "angegriffen", set()),
    ("Man ist in Paris sicher, dass die Armee die Stadt angreifen wird.", "angreifen", set()),
    ("Die Kanzlerin telefonierte mit dem Präsidenten, nachdem Raketen in Odessa ein Krankenhaus zerstört hatten.",
     "telefonierte", set()),
    # a lead event's building inside the dateline city keeps the city; a country named is the event's own
    ("Wien – Die Außenminister sind am Mittwoch im Hotel Imperial zu Gesprächen zusammengekommen.",
     "zusammengekommen", {"Wien", "Hotel Imperial"}),
    ("Oslo – Die Ministerin reist am Mittwoch zu einem Manöver nach Norwegen.", "reist", {"Norwegen"}),
    # a place taken up by a noun or by "dort" is the place named before
    ("Die Delegation flog am Montag nach Ankara. In der türkischen Hauptstadt traf sie den Präsidenten.", "traf",
     {"Ankara"}),
    ("Die Armee verlegte im Mai Soldaten nach Mali. Im Juni schickte sie weitere Panzer in das Land.", "schickte",
     {"Mali"}),
    ("Am Montag trafen die Außenminister in Riga ein. Dort unterzeichneten sie ein Abkommen.", "unterzeichneten",
     {"Riga"}),
    # "in X" after a government or leadership names its seat: whose government, not where it acted
    ("Einen Waffenstillstand lehnt die Regierung in Khartum bisher ab.", "lehnt", set()),
    ("Die Nachbarstaaten werfen der Führung in Caracas vor, die Wahl gefälscht zu haben.", "werfen", set()),
    ("Die Übergangsregierung in Bamako hat am Montag den französischen Botschafter ausgewiesen.", "ausgewiesen",
     set()),
    # "nach" with an article ranks or follows, a destination takes none; "über" with a dative is a place
    ("Frankreich schickte 900 Soldaten nach Estland und stellt damit nach den Niederlanden das größte Kontingent.",
     "schickte", {"Estland"}),
    ("Nach dem Einsatz über der Nordsee wurden zwei Kampfjets abgeschossen.", "abgeschossen", {"Nordsee"}),
    # a city after ", in der" is a relative clause's subject: "der" is no article before a city name
    ("Die Charta, in der Wien, Prag und Budapest ihre Kooperation bekräftigen, wird nicht unterschrieben.",
     "unterschrieben", set()),
    ("Die Charta, in der Wien, Prag und Budapest die Reform unterstützen, wird nicht unterschrieben.",
     "unterstützen", set()),
    # a demand's or a charge's complement is an act of its own with its own place; an agreement's is the event
    ("Sie verlangt, die Gefangenen nur im Austausch gegen Soldaten freizulassen, die in Minsk in Haft sitzen.",
     "verlangt", set()),
    ("Er forderte die Regierung auf, die Truppen abzuziehen, die in Mali stationiert sind.", "forderte", set()),
    ("Die Minister kamen überein, die Gespräche im Mai in Oslo fortzusetzen.", "kamen", {"Oslo"}),
    ("Die Regierung hatte den Botschafter ausgewiesen, worauf Demonstranten die Botschaft in Ankara stürmten.",
     "ausgewiesen", set()),
    ("Riga – Die Minister unterzeichneten am Montag ein Abkommen. Ausgehandelt hatte den Text die finnische "
     "Regierung.", "Ausgehandelt", set()),
    ("Kiew – Nach dem Abschuss eines ukrainischen Kampfjets durch Russland hat die Regierung den Botschafter "
     "einbestellt.", "Abschuss", set()),
    # a wo-clause happens at the place it follows
    ("Die Proteste begannen in Neuseeland, wo rund 20.000 Menschen demonstrierten.", "demonstrierten",
     {"Neuseeland"}),
    ("Rom – Die Streiks begannen in Neapel, wo am Morgen Tausende Hafenarbeiter demonstrierten.", "demonstrierten",
     {"Neapel"}),
    # a place named as the scene of the event
    ("Genf ist in dieser Woche Schauplatz eines Treffens der Außenminister.", "Treffens", {"Genf"}),
    # a headline reports no event of its own (tests/test_event_filters.py), so the dateline goes to the lead's events
    ("Ministerin kritisiert Moskau scharf\n\nRiga – Die Außenministerin hat am Montag neue Sanktionen gefordert.",
     "gefordert", {"Riga"}),
    # the lead's events happen at the dateline, but not what it tells in the pluperfect, as what came before
    ("Riga – Die Außenminister haben am Freitag ein Abkommen unterzeichnet. Lettland hatte Gespräche lange "
     "abgelehnt.", "abgelehnt", set()),
    ("Riga – Die Außenminister haben am Freitag ein Abkommen unterzeichnet. Lettland hatte Gespräche lange "
     "abgelehnt.", "unterzeichnet", {"Riga"}),
    # "in X" after the noun of a topic or cause phrase belongs to that noun; after a meeting it is the scene
    ("Der Außenminister beriet sich mit seiner Amtskollegin über die Dürre in Somalia.", "beriet", set()),
    ("Die Stiftung für Pressefreiheit in Wien kritisierte die Festnahme.", "kritisierte", set()),
    ("Bei einem Treffen in Paris haben die Minister ein Abkommen unterzeichnet.", "unterzeichnet", {"Paris"}),
    ("Nach Verhandlungen in Doha verständigten sich beide Seiten auf eine Feuerpause.", "verständigten", {"Doha"}),
    ("Die Minister haben in Luxemburg wegen der Verfolgung der christlichen Minderheit der Kopten in der Provinz "
     "Minya Einreiseverbote gegen zwei Funktionäre beschlossen.", "Einreiseverbote", {"Luxemburg"}),
    ("Die Minister haben in Luxemburg wegen der Verfolgung der christlichen Minderheit der Kopten in der Provinz "
     "Minya Einreiseverbote gegen zwei Funktionäre beschlossen.", "Verfolgung", {"Minya"}),
    # a clause that counts its places has its own scene: the next clause's places are another happening's
    ("Die Polizei hat am Morgen Büros in sieben Städten durchsucht; auch in Polen gab es Festnahmen.", "durchsucht",
     set()),
    # the places a clause counts, listed in the next sentence
    ("Am Samstag haben in fünf Städten Tausende Menschen gegen die Reform demonstriert. Die größten Märsche "
     "fanden in Lyon, Lille und Nantes statt.", "demonstriert", {"Lyon", "Lille", "Nantes"}),
    # a country-wide event and the next sentence naming that country's cities where it took place
    ("In Frankreich haben am Dienstag Hunderttausende gegen die Rentenreform demonstriert. Allein in Paris zählte "
     "die Polizei 80.000 Menschen, weitere Märsche gab es in Lyon und Marseille.", "demonstriert",
     {"Frankreich", "Paris", "Lyon", "Marseille"}),
    # a phone call joins two places: the dateline is not its scene
    ("Rom – Die Ministerpräsidentin hat am Montag mit dem ukrainischen Präsidenten telefoniert.", "telefoniert",
     set()),
    ("Die Außenminister trafen sich am Montag in Astana. Dabei vereinbarten sie einen Gefangenenaustausch.",
     "vereinbarten", {"Astana"}),
    # an attack's target that is a place is where it happened
    ("Regierungstruppen haben am Sonntag die Hafenstadt Kismayo zurückerobert.", "zurückerobert", {"Kismayo"}),
    ("Seit der Besetzung der Golanhöhen gibt es keinen Frieden.", "Besetzung", {"Golanhöhen"}),
    ("Die Armee verstärkte ihre Angriffe rund um die Stadt Bachmut.", "Angriffe", {"Bachmut"}),
    # a landmark brings its city along where the article names the city
    ("Berlin – Am Brandenburger Tor haben am Sonntag Tausende Bauern demonstriert.", "demonstriert",
     {"Brandenburger Tor", "Berlin"}),
    ("Am Sonntag haben Tausende Bauern am Brandenburger Tor demonstriert.", "demonstriert", {"Brandenburger Tor"}),
    # ... but a landmark as a destination names only itself
    ("Berlin – Die Kanzlerin hat den Präsidenten für Juni ins Kanzleramt eingeladen.", "eingeladen",
     {"Bundeskanzleramt"}),
    # an embassy or a ministry is a building in its city: there the act took place
    ("Die Botschaft in Rom protestierte am Dienstag gegen die Festnahme.", "protestierte", {"Rom"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "where"), WHERE)
def test_where(nlp, text, trigger, where):
    ev = event(nlp, text, trigger)
    assert {p["name"] for p in ev["where"]} == where


def test_dateline_agency_is_no_actor_and_the_capital_no_actor(nlp):
    resp = extract(nlp, Article("Kiew (dpa) - Russland hat die Ukraine in der Nacht angegriffen.", PUBLISHED))
    assert "dpa" not in names(resp["actors"])
    assert "Kiew" in {p["name"] for p in resp["places"]}
