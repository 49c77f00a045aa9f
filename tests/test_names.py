"""Byline parsing: people's names and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract.names import (
    byline_names,
    clean_name,
    credits_other_work,
    is_lead_label,
    is_role,
    looks_like_name,
    looks_like_person,
    opens_byline,
    reorder,
    without_degrees_between,
    without_letters,
)


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("By Jane Roe", ["Jane Roe"]),
        # Labels and "by" phrases of other languages.
        ("Autorka: Jana Roeová", ["Jana Roeová"]),
        ("Autorzy: Jan Roe, Anna Doe", ["Jan Roe", "Anna Doe"]),
        ("Texto: Ana Roe", ["Ana Roe"]),
        ("Skrevet af Anna Roe", ["Anna Roe"]),
        ("Skrevet av Ola Roe", ["Ola Roe"]),
        ("Geschreven door Jan de Roe", ["Jan de Roe"]),
        ("Scritto da Mario Roe", ["Mario Roe"]),
        ("Yazar: Ahmet Roe", ["Ahmet Roe"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Συντάκτης: Γιώργος Παπαδόπουλος", ["Γιώργος Παπαδόπουλος"]),
        ("Da Silva Roe", ["Da Silva Roe"]),  # "da" is no "by" word without a lead word before it
        ("red, Jane Roe", ["Jane Roe"]),  # a German desk's mark ("Redaktion")
        ("wien.harbour.at/Agenturen", []),  # a host name and a path
        ("View all posts by Jane Roe", ["Jane Roe"]),
        ("Written by Jane Roe", ["Jane Roe"]),
        ("Posted by Jane Roe", ["Jane Roe"]),
        ("Von Anna Müller und Peter Schmidt", ["Anna Müller", "Peter Schmidt"]),
        ("Par Jean Dupont le 3 mars 2021", ["Jean Dupont"]),
        ("Author: Ashley Biancuzzo", ["Ashley Biancuzzo"]),
        ("Jane Roe, Chief Technology Officer at Acme", ["Jane Roe"]),
        ("Jane Roe, Projektleiterin der Stiftung in Tunesien", ["Jane Roe"]),
        ("Jane Roe, Professor of History", ["Jane Roe"]),
        ("Julia Hitz (eg)", ["Julia Hitz"]),
        ("Peter Roe/SP-X", ["Peter Roe"]),
        ("2025-12-17· Jane Roe", ["Jane Roe"]),
        ("Posted by Jane Roe in News", ["Jane Roe"]),
        ("Jane Roe /dpa", ["Jane Roe"]),
        ("Jane Roe - Staff Writer", ["Jane Roe"]),
        ("Tim Childers - Live Science Contributor", ["Tim Childers"]),
        ("Jane Roe | Sponsored", ["Jane Roe"]),
        ("Jane Roe, The Daily Journal", ["Jane Roe"]),
        ("By Jane Roe and John Doe, The Daily Journal", ["Jane Roe", "John Doe"]),
        ("Danielle Roe, Donna Doe, and Natalie Poe", ["Danielle Roe", "Donna Doe", "Natalie Poe"]),
        ("Jane Roe & John Doe", ["Jane Roe", "John Doe"]),
        # Degrees and licences signed after the name stay, as printed; an outlet's capitals do not.
        ("Dylan Roe, MS, RD, FAND", ["Dylan Roe, MS, RD, FAND"]),
        ("Holly Roe, E-RYT 200", ["Holly Roe, E-RYT 200"]),
        ("Jane Roe, Ph.D.", ["Jane Roe, Ph.D."]),
        ("Michael Roe, M.D. FACLM", ["Michael Roe, M.D. FACLM"]),
        ("Rebecca Roe, CEPF®", ["Rebecca Roe, CEPF®"]),
        ("John Roe, Jr.", ["John Roe, Jr."]),
        ("Martin Luther Roe Jr.", ["Martin Luther Roe Jr."]),
        ("Jane Roe, NDR", ["Jane Roe"]),
        ("Autor Jane Roe:", ["Jane Roe"]),  # the colon after the name introduces what follows
        ("Mark Roe:", []),  # a label of its own, whose value follows
        ("Jeffrey A. Roe CPP, PSP", ["Jeffrey A. Roe CPP, PSP"]),
        ("JANE ROE, AP", ["JANE ROE"]),
        ("Jane Roe, Boston, MA", ["Jane Roe"]),
        ("Jane Roe, AP, and John Doe, MD", ["Jane Roe", "John Doe, MD"]),
        ("By Jane Roe March 11, 2015 3:46 PM", ["Jane Roe"]),
        ("Jane Roe 12/05/2020", ["Jane Roe"]),
        ("Bündnis 90/Die Grünen Bundestagsfraktion", ["Bündnis 90/Die Grünen Bundestagsfraktion"]),  # not "Bündnis" cut at a date
        # Digits inside a word of letters are part of a name; a number alone is a date or a count.
        ("By 3i Global", ["3i Global"]),
        ("Bo2man", ["Bo2man"]),
        ("Jane Roe 2022", ["Jane Roe"]),
        ("Posted 3 days ago", []),
        ('"Jane Roe"', ["Jane Roe"]),
        ("Jane Roe •", ["Jane Roe"]),
        ("Mac & i", ["Mac & i"]),
        ("News Desk", ["News Desk"]),
        ("Associated Press", ["Associated Press"]),
        ("Dr. Jane Roe", ["Dr. Jane Roe"]),
        ("Paul Roe, Home and Garden Editor", ["Paul Roe"]),
        ("Emma Roe Writer", ["Emma Roe"]),
        ("The Acme Editorial Team", ["The Acme Editorial Team"]),
        ("Learn More", []),
        ("Center for Drug Evaluation and Research", ["Center for Drug Evaluation and Research"]),
        ("Jane Roe, University of Bath", ["Jane Roe"]),
        # An institution's name lists what it is for, commas and "and" included; in any language.
        ("Department for Environment, Food and Rural Affairs", ["Department for Environment, Food and Rural Affairs"]),
        ("Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF",
         ["Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF"]),
        ("Ministerium für Umwelt und Verkehr", ["Ministerium für Umwelt und Verkehr"]),
        ("Jane Roe, Ministerium für Umwelt", ["Jane Roe"]),
        ("Pressemitteilung von Katja Roe", ["Katja Roe"]),
        ("Press release by Jane Roe", ["Jane Roe"]),
        ("Jane Press", ["Jane Press"]),
        ("Written byJane Roe", ["Jane Roe"]),
        ("Byron Roe", ["Byron Roe"]),
        ("CC7567", []),
        ("José Roe Hace 2 horas", ["José Roe"]),
        ("Andrew Gerrand 2 August 2010", ["Andrew Gerrand"]),
        ("Chris Roe 3 min read", ["Chris Roe"]),
        ("Jane Roe Oct. 3, 2024", ["Jane Roe"]),
        ("Jane Roe 3. März 2024", ["Jane Roe"]),
        ("Jane Roe on Tuesday", ["Jane Roe"]),
        ("Loïc Le Clerc", ["Loïc Le Clerc"]),
        ("Jan den Berg", ["Jan den Berg"]),
        ("Redaktion", ["Redaktion"]),
        ("Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
        ("Dec. 19, 2025 · Jane Roe", ["Jane Roe"]),
        ("March 3, 2024 | By Jane Roe", ["Jane Roe"]),
        ("microservices, secure developer tooling", []),
        ("kirstin roe", ["kirstin roe"]),
        ("content: Acme Media", []),
        ("By", []),
        ("andrew.keaveney", []),
        ("https://example.com/jane", []),
        ("Zeige alle Beiträge von Jane Roe", ["Jane Roe"]),
        ("Alle Artikel von Jane Roe", ["Jane Roe"]),
        ("erstellt von Jane Roe — veröffentlicht 28.01.2022 06:00", ["Jane Roe"]),
        ("This post was written by Jane Roe, Head of Marketing", ["Jane Roe"]),
        ("Authored by: Dr. Jane Roe", ["Dr. Jane Roe"]),
        ("Über Jane Roe", ["Jane Roe"]),
        ("About the Author", []),
        ("No Author", []),
        ("Posted on September 21, 2020 by Jane Roe", ["Jane Roe"]),
        ("03/01/2017 by Jane Roe, Candidate Representative", ["Jane Roe"]),
        ("Posted by Jane Roe at December 16, 2025 11:15 AM", ["Jane Roe"]),
        ("Written by Jane Roe Edited by John Doe", ["Jane Roe"]),
        ("Reviewed by Jane Roe, Trial Attorney", []),
        ("Geprüft von Dr. med. Jane Roe", []),
        ("Datum: 19.11.2021 Autor: Jane Roe Quelle: Acme", ["Jane Roe"]),
        ("Text und Interview: Jane Roe", ["Jane Roe"]),
        ("Fotos: Jane Roe", []),
        ("Stand: 20. April 2020, 14:57 Uhr", []),
        ("Jane Roe Stand: 05. Februar 2020", ["Jane Roe"]),
        ("© Jane Roe Jane Roe", ["Jane Roe"]),
        ("Von R. R. am 07.08.2013 um 09:07 Uhr", ["R. R."]),
        ("Por Jane Roe @janeroe -", ["Jane Roe"]),
        ("Jane Roe (http://example.com/jane/)", ["Jane Roe"]),
        ("Archiv anzeigen →", []),
        ("By A. J. Roe View In Digital Edition", ["A. J. Roe"]),
        ("Jane Roe Chefredakteur", ["Jane Roe"]),
        ("Harry Roe Tech Reporter", ["Harry Roe"]),
        ("Written by: Jane R Head Product Launches, Adoption, & Evangelism", ["Jane R"]),
        ("Von FOCUS-Online-Experte Jane Roe", ["Jane Roe"]),
        ("Dec. 19, 2025 · Jane Roe on behalf of Vision Doc group", ["Jane Roe"]),
        ("By The Acme Team | 6 mins | February 28, 2026", ["The Acme Team"]),
        ("Jane Roe, London, John Doe", ["Jane Roe", "John Doe"]),
        ("Roe, J.", ["J. Roe"]),
        ("Jane Roe im Gespräch mit John Doe", ["Jane Roe", "John Doe"]),
        ("Jane Roe und Peter Amende bis Zoonose", ["Jane Roe"]),
        ("Von Atemschutzmaske über Exit-Strategie und Kontaktverbot bis Zoonose", []),
        ("By batching, we can have better latency during spikes", []),
        ("deinen Hochzeitsbloggern", []),
        ("Mobasir hassan", ["Mobasir hassan"]),
        ("Autor: przepisy.pl", ["przepisy.pl"]),
        ("Contributors to Wikimedia projects", ["Contributors to Wikimedia projects"]),
        ("Organization for Transformative Works", ["Organization for Transformative Works"]),
        ("Sat, 20 Dec, 2025 - 06:36", []),
        ("Last Updated: January 7, 2025", []),
        ("Text von Jane Roe Illustration von John Doe", ["Jane Roe"]),
        ("Autoren Jane Roe und John Doe", ["Jane Roe", "John Doe"]),
        ("Blog Beitrag von Jane Roe", ["Jane Roe"]),
        ("Autor: Rechtsanwalt Jane Roe", ["Jane Roe"]),
        ("hessenschau.de, Frankfurt, Germany", ["hessenschau.de"]),
        ("Author(s) Jane Roe, John Doe", ["Jane Roe", "John Doe"]),
        ("Contributors: Jane Roe", ["Jane Roe"]),
        ("Veröffentlicht am", []),
        ("Published in Acme Weekly", []),
        ("Veröffentlicht", []),
        ("Jane Roe (Sponsored Post)", ["Jane Roe"]),
        ("Jane Roe Shares", ["Jane Roe"]),
        ("Jane Roe Last updated on 17 December 2025", ["Jane Roe"]),
        ("Authors of this article:", []),
        ("Geschrieben vonJane Roe", ["Jane Roe"]),
        ("Jane Roe1 ; John Doe3", ["Jane Roe", "John Doe"]),
        ("Jane Roe, Online-Redaktion", ["Jane Roe"]),
        ("Posted on", []),
        ("About the Author - Jane Roe", ["Jane Roe"]),
        ("Eine Kolumne von Jane Roe", ["Jane Roe"]),
        ("Bild © hr", []),
        ("Quelle der Polizeimeldung: Kapo Harbour", []),
        ("A column by Jane Roe", ["Jane Roe"]),
        ("Ein Interview von Jane Roe mit Sam Doe.", ["Jane Roe"]),  # the interviewer wrote it
        ("An interview by Jane Roe with Sam Doe", ["Jane Roe"]),
        ("Interview by Jane Roe", ["Jane Roe"]),
        ("Submitted by Jane Roe on 24 July 2017", ["Jane Roe"]),  # Drupal's byline
        ("Gespeichert von Jane Roe am 24. Juli 2017 - 18:55", ["Jane Roe"]),
        ("Ein Gespräch von Jane Roe und John Doe", ["Jane Roe", "John Doe"]),
        ("Über den Autor: Jane Roe", ["Jane Roe"]),
        ("Übersetzt von: Jane Roe", []),
        # Wire bylines set in capitals: a second name after "and" is no string of credentials ("MS RD").
        ("By JANE ROE and JOHN DOE, Associated Press", ["JANE ROE", "JOHN DOE"]),
        ("Jane Roe, MD and PhD", ["Jane Roe, MD and PhD"]),
        # The agency after the name with no mark between, the job and desk after it, in or out of capitals.
        ("By JANE ROE Associated Press", ["JANE ROE"]),
        ("By Jane Roe Associated Press", ["Jane Roe"]),
        ("By JANE ROE AP Science Writer", ["JANE ROE"]),
        ("By JANE ROE, AP Business Writer", ["JANE ROE"]),
        ("Jane Roe dpa", ["Jane Roe"]),
        ("Jane Sid", ["Jane Sid"]),  # a capitalised word alone is a name, whatever agency it spells
        ("By Jane Roe, CNN Business", ["Jane Roe"]),  # an outlet's desk
        ("Jane Roe, AJ Doe", ["Jane Roe", "AJ Doe"]),  # two capitals are initials
        ("By Nada Roe, BBC News, New York", ["Nada Roe"]),
        ("Por Juan Pérez, corresponsal en Madrid", ["Juan Pérez"]),  # a job, and where it is done
        # A "with" clause after the names: a co-writer, or the sources used, which are no writers.
        ("Jane Roe with Sam Doe", ["Jane Roe", "Sam Doe"]),
        ("Jane Roe mit Material von dpa", ["Jane Roe"]),
        ("Von Jane Roe mit dpa", ["Jane Roe"]),
        ("By Jane Roe with additional reporting by Sam Doe", ["Jane Roe"]),
        ("Jane Roe con información de EFE", ["Jane Roe"]),
        ("Interview with Jane Roe", []),  # the one asked, not the writer
        ("Von Harbour Works mit Beta zur Gamma nach Delta", []),  # a history told, no byline
        ("", []),
        (None, []),
    ],
)
def test_byline_names(byline, expected):
    assert byline_names(byline) == expected


def test_an_organization_named_by_the_site_is_never_split():
    assert byline_names("Morgan & Morgan", whole=lambda text: text == "Morgan & Morgan") == ["Morgan & Morgan"]


def test_the_site_name_before_the_writer_is_skipped():
    assert byline_names("acme - Jane Roe", whole=lambda text: text == "acme") == ["Jane Roe"]
    assert byline_names("Acme – Das Magazin für Leser", whole=lambda text: text == "Acme") == ["Acme"]


@pytest.mark.parametrize(
    "text, expected",
    [("Jane Roe - Senior Editor", "Jane Roe"), ("Staff Writer", None), ("Jane Roe", "Jane Roe"), ("", None)],
)
def test_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    "text, expected", [("Staff Writer", True), ("The Daily Journal", True), ("Online-Redaktion", True), ("Bund der Harbour-Freunde e.V.", True), ("Acme-Stiftung", True), ("Jane Roe", False), ("Anne-Marie Roe", False)]
)
def test_is_role(text, expected):
    assert is_role(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("Jane Roe", True), ("Jan van der Berg", True), ("J. R. Roe", True), ("Berlin nach Hamburg", False),
     ("der Wärmemessung", False), ("Cortesía", False), ("Course or Type", False),
     ("3i Global", True), ("2022 Harbour Games", False)],  # a digit may open a name's word; a number is no name
)
def test_looks_like_person(text, expected):
    assert looks_like_person(text) is expected


@pytest.mark.parametrize("text, expected", [("Roe, Jane", "Jane Roe"), ("Jane Roe", "Jane Roe"), ("Roe, Jane T.", "Jane T. Roe")])
def test_reorder_family_name_first(text, expected):
    assert reorder(text) == expected


@pytest.mark.parametrize(
    "label, expected",
    [("Reviewed by", True), ("Written by Acme Staff Writer | Fact-checked by:", True), ("Übersetzt von: ", True),
     ("Written by", False), ("Reviewed by Jane Roe and written by", False), ("", False),
     # a noun naming the other work, alone or after a separator; not after other words, which may name the writing
     ("Übersetzung", True), ("Fotos:", True), ("12.12.22 | Foto:", True), ("Text und Fotos:", False), ("Autor", False),
     ("Text and photos by", False)],
)
def test_credits_other_work(label, expected):
    assert credits_other_work(label) is expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_byline_parsing_never_raises(text):
    names = byline_names(text, whole=lambda t: "&" in t)
    assert isinstance(names, list) and all(isinstance(n, str) and n for n in names)
    clean_name(text)
    reorder(text)
    assert isinstance(without_letters(text), str)
    assert isinstance(without_degrees_between(text), str)


_BYLINE_WORDS = ["Ein", "An", "interview", "Interview", "Gespräch", "Submitted", "von", "by", "mit", "with", "und",
                 "Jane", "Roe", "Sam", "Doe", "Text", ",", ".", "\x00", "\n", "  ", "by:", "MD", "Ph.D.", "NDR", "Jr."]  # fmt: skip
_PEOPLE = ["Jane Roe", "Sam Doe", "Eugen Zentner", "Ana María López", "Jean-Luc Roux"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BYLINE_WORDS), max_size=14).map(" ".join))
def test_lead_word_bylines_never_raise(text):
    opens_byline(text)
    is_lead_label(text)
    assert all(isinstance(n, str) and n.strip() for n in byline_names(text))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["Ein Interview von {} mit {}", "An interview by {} with {}", "Interview by {} with {}."]),
       st.sampled_from(_PEOPLE), st.sampled_from(_PEOPLE))  # fmt: skip
def test_an_interview_byline_names_the_interviewer_only(form, asking, asked):
    assert byline_names(form.format(asking, asked)) == [asking]


@pytest.mark.parametrize("separator", ["●", "∙", "⋅", "‧", "▪", "◦"])
def test_bullet_like_separators_end_the_name_as_a_bullet_does(separator):
    assert byline_names(f"by Jane Roe {separator} May 4, 2023 {separator} 6 min read") == ["Jane Roe"]
    assert byline_names(f"Jane Roe {separator} Staff Writer") == ["Jane Roe"]


@pytest.mark.parametrize("placeholder", ["undefined", "null", "None", "N/A", "admin", "Administrator", "Webmaster", "publisher"])
def test_placeholders_a_template_prints_for_no_author_name_no_one(placeholder):
    assert byline_names(placeholder) == [] and byline_names(f"By {placeholder}") == []


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Martin Roe (avec Damien Doe et Morgane Poe)", ["Martin Roe", "Damien Doe", "Morgane Poe"]),
        ("By Jane Roe (with Sam Doe)", ["Jane Roe", "Sam Doe"]),
        ("Jane Roe (with additional reporting by Sam Doe)", ["Jane Roe"]),
        ("Jane Roe (mit Material von dpa)", ["Jane Roe"]),
        ("/ Jane Roe /", ["Jane Roe"]),
        ("~ Jane R.", ["Jane R."]),
    ],
)
def test_co_writers_in_parentheses_and_marks_around_a_name(byline, expected):
    assert byline_names(byline) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beitragvon r", False),  # phpBB's "Beitrag von r23" run together, the user name cut short
        ("Jane r Roe", False),
        ("Maria e Silva", True),  # a particle
        ("Jan van der Berg", True),
        ("Jane R. Roe", True),
        ("Jane Roe", True),
    ],
)
def test_a_lone_lower_case_letter_is_no_part_of_a_name(text, expected):
    assert looks_like_name(text) is expected


def test_a_read_more_button_is_no_name():
    assert byline_names("Mehr") == []
    assert byline_names("Jane Roe Mehr") == ["Jane Roe"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Übersetzung Sam Doe, 12.12.22", []),  # the translator alone: no writer named
        ("By Jane Roe | Fotos: Sam Doe", ["Jane Roe"]),
        ("Autor Jane Roe Übersetzung Sam Doe", ["Jane Roe"]),  # a capitalised credit noun inside the line
        ("Jane Roe und Sam Bilder", ["Jane Roe", "Sam Bilder"]),  # a singular noun may be a family name
        # the writing and the pictures credited together: the one named wrote it
        ("Text and photos by Jane Roe", ["Jane Roe"]),
        ("Text und Fotos: Jane Roe", ["Jane Roe"]),
        ("By Jane Roe, photos by Sam Doe", ["Jane Roe"]),
    ],
)
def test_a_credit_for_a_translation_or_pictures_ends_the_writers_names(byline, expected):
    assert byline_names(byline) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jane Roe, MS, RD", "Jane Roe"), ("Jane Roe, M.D. FACLM", "Jane Roe"), ("Roe, Jane", "Roe, Jane"), ("Jane Roe", "Jane Roe")],
)
def test_a_name_compares_without_the_degrees_signed_after_it(name, expected):
    assert without_letters(name) == expected
