"""Article metadata as news pages print it: headline, byline, dates, wire credits.

Each page below is written for this test (none comes from a real article); each checks one
layout a reader would read correctly at a glance.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.enrichment.bylines import bio_line, credit, names_line, parse_byline
from app.enrichment.dates import date_line, parse_date, publication_notice, split_date
from app.enrichment.pipeline import extract

BODY = (
    "Smelters in the region said on Monday that output of refined tin would fall this year, "
    "as ore grades decline and power costs rise across the industry.\n\n"
    "Analysts expect the shortfall to lift prices through the second half of the year, "
    "while buyers look for other suppliers of the metal.\n"
)


def page(*head: str, foot: str = "") -> str:
    return "\n".join(head) + "\n\n" + BODY + ("\n" + foot if foot else "")


def test_headline_byline_and_date_lines_under_a_masthead() -> None:
    e = extract(
        page(
            "THE METALS LEDGER",
            "Markets",
            "Tin smelters brace for a leaner year as ore grades fall",
            "By Maria Okafor and Tom Lindqvist",
            "Published 14 May 2024, 09:10",
        )
    )
    assert e.title == "Tin smelters brace for a leaner year as ore grades fall"
    assert e.author == "Maria Okafor and Tom Lindqvist"
    assert e.published == date(2024, 5, 14)


def test_a_byline_with_its_date_on_one_line() -> None:
    e = extract(
        page("Tin smelters brace for a leaner year", "By Ruth Abara | 03/11/2025 4:20 PM EST")
    )
    assert e.author == "Ruth Abara"
    # a US time zone says the numeric date is month first
    assert e.published == date(2025, 3, 11)


def test_published_wins_over_updated() -> None:
    e = extract(
        page(
            "Tin smelters brace for a leaner year",
            "Updated: 20 June 2024",
            "Published: 18 June 2024",
        )
    )
    assert e.published == date(2024, 6, 18)


def test_a_date_split_over_three_lines() -> None:
    assert split_date(["12", "Sep", "2023"]) == date(2023, 9, 12)
    assert split_date(["12", "apples", "2023"]) is None


def test_a_wire_credit_at_the_foot_names_the_reporters() -> None:
    e = extract(
        page(
            "Tin smelters brace for a leaner year",
            foot="(Reporting by Lena Marsh and Omar Haddad; Editing by Paul Grey)",
        )
    )
    assert e.author == "Lena Marsh and Omar Haddad"


def test_a_publication_notice_dates_a_page_that_has_no_date_line() -> None:
    e = extract(
        page("Tin smelters brace for a leaner year", foot="This essay first ran on 2 April 2022.")
    )
    assert e.published == date(2022, 4, 2)
    assert publication_notice("It was originally published in the spring.") is None


@pytest.mark.parametrize(
    "line",
    ["By the numbers", "By country, the picture is mixed", "By Reuters", "By The Metals Ledger"],
)
def test_what_is_not_a_person(line: str) -> None:
    parsed = parse_byline(line)
    assert parsed is None or parsed.author is None


def test_names_and_credits() -> None:
    assert names_line("Ada Brenner and Joe Castillo") == "Ada Brenner and Joe Castillo"
    assert names_line("Notes From the Road and Other Essays") is None
    assert credit("(Reporting by Ada Brenner; Editing by Joe Castillo)") == "Ada Brenner"
    assert credit("- Ada Brenner, (c) 2025 Example Wire LP") == "Ada Brenner"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("2025-02-24", date(2025, 2, 24)),
        ("21st February 2022", date(2022, 2, 21)),
        ("Mar 4, 2023", date(2023, 3, 4)),
        ("15. May 2025", date(2025, 5, 15)),
        ("24/02/2025", date(2025, 2, 24)),  # a first number over 12 is the day
        ("2025-02-30", None),  # no such day
    ],
)
def test_parse_date(token: str, expected: date | None) -> None:
    assert parse_date(token) == expected


def test_a_long_sentence_with_a_date_is_no_date_line() -> None:
    assert (
        date_line("Prices rose sharply on 4 March 2024 after the smelter closed for repairs.")
        is None
    )


def test_html_metadata_fills_what_the_text_does_not_state() -> None:
    html = (
        "<html><head><title>Tin outlook dims</title>"
        '<meta name="author" content="Ines Ferreira">'
        '<meta property="article:published_time" content="2024-10-07T08:00:00Z">'
        f"</head><body><article><h1>Tin outlook dims</h1><p>{BODY}</p></article></body></html>"
    )
    e = extract(html)
    assert e.title == "Tin outlook dims"
    assert e.author == "Ines Ferreira"
    assert e.published == date(2024, 10, 7)


def test_a_byline_in_capitals_is_kept_as_printed() -> None:
    e = extract(page("Tin smelters brace for a leaner year", "By RUTH ABARA \u2013 Example Wire"))
    assert e.author == "RUTH ABARA"
    assert e.title == "Tin smelters brace for a leaner year"
    parsed = parse_byline("By THE NUMBERS")
    assert parsed is None or parsed.author is None


def test_a_month_after_the_name_starts_the_date() -> None:
    e = extract(page("Tin smelters brace for a leaner year", "By Ruth Abara September 4, 2024"))
    assert e.author == "Ruth Abara"
    assert e.published == date(2024, 9, 4)


def test_an_authors_note_names_the_author() -> None:
    note = "Ines Ferreira is a research fellow at an institute for resource policy in Lisbon."
    assert bio_line(note) == "Ines Ferreira"
    assert bio_line("Tin is a soft metal used in solder and in coatings for steel cans.") is None
    e = extract(page("Tin smelters brace for a leaner year", note))
    assert e.author == "Ines Ferreira"


@pytest.mark.parametrize(
    "credit_line",
    ["The smelter at dusk. (Image courtesy of Example Metals.)", "Mark Ellery, examplephotos.de"],
)
def test_a_picture_credit_is_not_the_headline(credit_line: str) -> None:
    e = extract(page("Tin smelters brace for a leaner year", credit_line))
    assert e.title == "Tin smelters brace for a leaner year"


def test_dates_printed_before_the_headline_are_not_part_of_it() -> None:
    e = extract(page("05/14/2024 May 14, 2024 Tin smelters brace for a leaner year"))
    assert e.title == "Tin smelters brace for a leaner year"


def test_a_team_credited_on_a_glued_byline_is_the_author() -> None:
    e = extract(page("Tin smelters brace for a leaner year", "ByThe Metals Desk"))
    assert e.author == "The Metals Desk"
    assert parse_byline("By The Daily Ledger") is not None
    assert parse_byline("By The Daily Ledger").author is None  # an outlet, not a team


def test_the_credit_after_a_datelines_time_is_the_author() -> None:
    e = extract(
        page(
            "Tin smelters brace for a leaner year as ore grades fall",
            "14 May 2024 - 09:10 Agency Staff",
        )
    )
    assert e.author == "Agency Staff"
    assert e.published == date(2024, 5, 14)
    e = extract(page("Tin smelters brace for a leaner year", "14 May 2024 - 09:10 Maria Okafor"))
    assert e.author == "Maria Okafor"
    e = extract(page("Tin smelters brace for a leaner year", "14 May 2024 - 09:10 Updated daily"))
    assert e.author is None
