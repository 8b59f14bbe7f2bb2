"""Parsing the USGS import-sources text."""

from __future__ import annotations

from app.services.import_sources import parse_import_sources, scoring_group_index
from app.services.reliance import interpret_percent


def test_single_group_with_label_and_other() -> None:
    (group,) = parse_import_sources(
        "Rare-earth compounds and metals: China (includes Hong Kong), 70%; Malaysia, 13%; "
        "Japan, 6%; Estonia, 5%; and other, 6%."
    )
    assert group.label == "Rare-earth compounds and metals"
    assert [(e.name, e.percent) for e in group.entries] == [
        ("China (includes Hong Kong)", 70.0),
        ("Malaysia", 13.0),
        ("Japan", 6.0),
        ("Estonia", 5.0),
        ("other", 6.0),
    ]
    assert group.entries[0].lookup == "china"
    assert [e.is_other for e in group.entries] == [False, False, False, False, True]


def test_unlabelled_group_and_names_with_commas() -> None:
    (group,) = parse_import_sources("Korea, Republic of, 40%; Japan, 35%; and other, 25%.")
    assert group.label is None
    assert [(e.lookup, e.percent) for e in group.entries] == [
        ("korea, republic of", 40.0),
        ("japan", 35.0),
        ("other", 25.0),
    ]


def test_several_groups_and_the_total_group_scores() -> None:
    groups = parse_import_sources(
        "Germanium metal: China, 51%; Belgium, 27%; and other, 22%. Germanium dioxide: "
        "Belgium, 53%; Canada, 41%; and other, 6%. Combined total: Belgium, 42%; Canada, "
        "23%; China, 23%; Germany, 7%; and other, 5%."
    )
    assert [g.label for g in groups] == ["Germanium metal", "Germanium dioxide", "Combined total"]
    assert scoring_group_index(groups) == 2
    assert sum(e.percent for e in groups[2].entries) == 100


def test_comma_instead_of_semicolon_between_entries() -> None:
    (group,) = parse_import_sources("Scrap: Canada, 41%; Russia, 4%, and other, 19%.")
    assert [(e.name, e.percent) for e in group.entries] == [
        ("Canada", 41.0),
        ("Russia", 4.0),
        ("other", 19.0),
    ]


def test_empty_or_prose_text_has_no_group() -> None:
    assert parse_import_sources(None) == []
    assert parse_import_sources("") == []
    assert parse_import_sources("Not available.") == []
    assert scoring_group_index([]) is None


def test_reliance_figures_are_interpreted() -> None:
    assert interpret_percent(76.0, "76") == (76.0, "number")
    assert interpret_percent(None, ">95") == (95.0, "lower_bound")
    assert interpret_percent(None, "E") == (0.0, "net_exporter")
    assert interpret_percent(None, "NA") == (None, "unknown")
