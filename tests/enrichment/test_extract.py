"""Unit tests of the offline extraction pipeline (no database)."""

from __future__ import annotations

import contextlib
import time
from datetime import date

import pytest

from app.enrichment.gazetteer import Gazetteer
from app.enrichment.pipeline import EXTRACTOR_VERSION, Extraction, ExtractionError, extract
from app.enrichment.sentences import split_sentences

SEED_LIKE = """facebook
telegram
ru
arm
search
Example.az \u00a9 2025.
WORLD

Minerals pact between Washington and Kyiv stalls over guarantees

3 March 2025 10:15

Talks on a minerals pact stalled this week, according to Foreign Policy. Officials in \
Washington wanted a share of Ukrainian resources. The plan looks shaky, as Ukraine currently \
does not produce rare-earth minerals and has not done so for decades. Despite Ukraine's \
mineral wealth, especially in rare-earth elements, the country lacks plants to process them.

By Anna Example

Example.az
Views: 93
share-lineLiked the story? Share it on social media!
print
copy link
"""


def triples(e: Extraction) -> set[tuple[str, str | None, str]]:
    return {(c.country, c.mineral, c.status) for c in e.claims}


def claims_of(text: str) -> set[tuple[str, str | None, str]]:
    return triples(extract(text))


def test_seed_like_page() -> None:
    e = extract(SEED_LIKE)
    assert ("UA", "rare-earths", "not_producing") in triples(e)
    assert ("UA", "rare-earths", "reserves") in triples(e)
    assert ("UA", None, "reserves") in triples(e)
    assert e.title == "Minerals pact between Washington and Kyiv stalls over guarantees"
    assert e.published == date(2025, 3, 3)
    assert e.author == "Anna Example"
    assert "Foreign Policy" in e.cited_sources
    assert {c.key for c in e.countries} == {"US", "UA"}
    # chrome is gone: no language links, counters or share prompts in the clean text
    for chrome in ("\nru\n", "arm", "Views", "Share it", "telegram"):
        assert chrome not in e.clean_text
    assert EXTRACTOR_VERSION


def test_offsets_invariant() -> None:
    e = extract(SEED_LIKE)
    assert e.claims
    for c in e.claims:
        assert e.clean_text[c.start : c.end] == c.evidence
        assert 0.0 <= c.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru produced 2.5 million tonnes of copper last year.", ("PE", "copper", "producing")),
        ("Indonesia is the world's largest producer of nickel.", ("ID", "nickel", "dominant")),
        ("Congo supplies about 70% of the world's cobalt.", ("CD", "cobalt", "dominant")),
        ("Japan no longer mines tin.", ("JP", "tin", "not_producing")),
        ("Kazakhstan holds large uranium reserves.", ("KZ", "uranium", "reserves")),
        ("Flooding halted copper production at mines in Zambia.", ("ZM", "copper", "disrupted")),
        ("Beijing imposed export controls on antimony.", ("CN", "antimony", "export_restricted")),
        ("The United States imports all of its gallium.", ("US", "gallium", "import_dependent")),
        (
            "A new lithium refinery is under construction in Germany.",
            ("DE", "lithium", "developing"),
        ),
    ],
)
def test_each_status(text: str, expected: tuple[str, str | None, str]) -> None:
    assert expected in claims_of(text)


def test_negation_hedging_and_tense() -> None:
    assert claims_of("Could Chile produce more lithium if prices rise?") == set()
    assert claims_of("If the deal is signed, Ukraine might export titanium.") == set()
    assert claims_of("Ukraine mined titanium in the Soviet era.") == set()
    assert not any(
        s == "export_restricted" for *_, s in claims_of("China lifted the ban on gallium exports.")
    )


def test_coreference_and_generic_minerals() -> None:
    text = (
        "China tightened its grip on the sector this year.\n"
        "It introduced export permits for gallium and germanium in August.\n"
        "Rare earths, gallium and other critical minerals are vital for defence.\n"
        "Buyers want new sources of these materials because of China's dominance."
    )
    got = claims_of(text)
    assert ("CN", "gallium", "export_restricted") in got
    assert ("CN", "germanium", "export_restricted") in got
    assert ("CN", "rare-earths", "dominant") in got
    assert ("CN", None, "dominant") in got


def test_dominant_supersedes_producing() -> None:
    got = claims_of("China produces tungsten. China dominates global tungsten supply.")
    assert ("CN", "tungsten", "dominant") in got
    assert ("CN", "tungsten", "producing") not in got


def test_false_friends() -> None:
    e = extract(
        "Michael Jordan said the change will lead to delays. Georgia's governor met "
        "Washington Post reporters near Silicon Valley. The Toho Titanium plant is big."
    )
    assert {c.key for c in e.countries} == set()
    assert {m.key for m in e.minerals} == set()
    e = extract("Zinc and lead output in Peru rose. Lead ore prices fell.")
    assert {m.key for m in e.minerals} == {"zinc", "lead"}
    e = extract("BANGKOK (AP) \u2014 Thai officials met Papua New Guinea envoys in Bangkok.")
    assert {c.key for c in e.countries} == {"TH", "PG"}


def test_derived_products_and_aliases() -> None:
    e = extract("Sales of lithium-ion cells, NdFeB magnets and titanium sponge grew in the U.S.")
    assert {m.key for m in e.minerals} == {"lithium", "neodymium", "titanium"}
    assert {c.key for c in e.countries} == {"US"}
    e = extract("The DRC and South Korea signed a pact on rare-earth elements and REEs.")
    assert {c.key for c in e.countries} == {"CD", "KR"}
    assert [m.key for m in e.minerals] == ["rare-earths"]


def test_sentence_splitter_abbreviations() -> None:
    text = "Mr. Smith met U.S. officials on Jan. 5 about a 2.5% rise. It went well.\nHeadline here"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Mr. Smith met U.S. officials on Jan. 5 about a 2.5% rise.",
        "It went well.",
        "Headline here",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert sents[-1].heading


def test_html_input() -> None:
    html = (
        "<html><head><title>Gallium curbs</title></head><body><nav>Home | World</nav>"
        "<article><h1>China curbs gallium exports</h1><p>China announced export controls on "
        "gallium and germanium on Monday, officials said in Beijing.</p><p>Analysts expect "
        "prices to rise further in Europe over the coming months as buyers scramble.</p>"
        "</article><footer>Copyright 2025</footer></body></html>"
    )
    e = extract(html, content_type="text/html")
    assert ("CN", "gallium", "export_restricted") in triples(e)
    for c in e.claims:
        assert e.clean_text[c.start : c.end] == c.evidence


def test_gazetteer_from_entries() -> None:
    gaz = Gazetteer.from_entries(
        countries=[("XA", "Atlantis", ["Atlantean"])], minerals=[("orichalcum", "Orichalcum", [])]
    )
    e = extract("Atlantis is the world's largest producer of orichalcum.", gazetteer=gaz)
    assert triples(e) == {("XA", "orichalcum", "dominant")}
    assert Gazetteer.from_refdata() is Gazetteer.from_refdata()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "lead " * 200_000,
        "\u0416\u0436 \u4e2d\u6587 mixed \u0639\u0631\u0628\u064a text China lithium " * 2000,
        "no sentence punctuation at all just words about cobalt and Chile " * 3000,
        "x" * 100_000,
    ],
)
def test_pathological_inputs_are_bounded(text: str) -> None:
    t0 = time.monotonic()
    e = extract(text)
    assert time.monotonic() - t0 < 10
    for c in e.claims:
        assert e.clean_text[c.start : c.end] == c.evidence


def test_binary_and_oversized_inputs_raise() -> None:
    with pytest.raises(ExtractionError):
        extract("\x00\x01\x02" * 1000)
    with pytest.raises(ExtractionError):
        extract("a" * 3_000_000)


def test_deeply_nested_html_is_bounded() -> None:
    html = "<div>" * 5000 + "China produces gallium." + "</div>" * 5000
    t0 = time.monotonic()
    with contextlib.suppress(ExtractionError):
        extract(html, content_type="text/html")
    assert time.monotonic() - t0 < 10


def test_time_limit() -> None:
    with pytest.raises(ExtractionError, match="time limit"):
        extract("China produces cobalt. " * 5000, time_limit=0.0)
