"""The packaged confidence model: tied to the extractor version, probabilities in [0, 1],
and `orewatch extract --min-confidence`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.enrichment import confidence
from app.enrichment.confidence import ConfidenceModel, ModelMismatchError, packaged_model
from app.enrichment.explain import explain
from app.enrichment.gazetteer import Gazetteer
from app.enrichment.pipeline import EXTRACTOR_VERSION, extract

TEXT = (
    "Export rules\n\n"
    "Bolivia banned exports of tin concentrate this week, officials said. "
    "Analysts said Peru might restrict zinc exports. Chile produces lithium.\n"
)


def test_packaged_model_matches_the_extractor_version() -> None:
    model = packaged_model(EXTRACTOR_VERSION)
    assert model.extractor_version == EXTRACTOR_VERSION
    assert 0.0 < model.default_threshold < 1.0
    cv = model.cross_validation
    assert cv["grouped_by"] == "article"
    assert cv["folds"] >= 3


def test_a_model_of_another_version_is_refused() -> None:
    packaged_model.cache_clear()
    try:
        with pytest.raises(ModelMismatchError, match="train_confidence"):
            packaged_model("orewatch-extract/0.0")
    finally:
        packaged_model.cache_clear()


def test_claims_carry_probabilities_from_their_features() -> None:
    claims = extract(TEXT).claims
    assert claims
    for claim in claims:
        assert 0.0 <= claim.confidence <= 1.0
        assert any(f.startswith("cue=") for f in claim.features)
        assert any(f.startswith("country_mentions=") for f in claim.features)


def test_model_round_trips_through_json() -> None:
    model = ConfidenceModel("v", -0.5, {"status=producing": 1.0, "producing|quoted": -2.0}, 0.7, {})
    again = ConfidenceModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    claim = extract(TEXT).claims[0]
    quoted = type(claim)(**{**_fields(claim), "status": "producing", "features": ("quoted",)})
    plain = type(claim)(**{**_fields(claim), "status": "producing", "features": ()})
    assert again.probability(quoted) < again.probability(plain)
    assert confidence.expand(quoted) == ["status=producing", "quoted", "producing|quoted"]


def _fields(claim: object) -> dict[str, object]:
    return {name: getattr(claim, name) for name in claim.__slots__}  # type: ignore[attr-defined]


def test_extract_min_confidence_filters_claims(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    runner = CliRunner()
    everything = json.loads(runner.invoke(cli, ["extract", str(article)]).stdout)
    confident = json.loads(
        runner.invoke(cli, ["extract", "--min-confidence", "default", str(article)]).stdout
    )
    threshold = packaged_model(EXTRACTOR_VERSION).default_threshold
    assert [c for c in everything["claims"] if c["confidence"] >= threshold] == confident["claims"]
    none = json.loads(runner.invoke(cli, ["extract", "--min-confidence", "1", str(article)]).stdout)
    assert all(c["confidence"] >= 1.0 for c in none["claims"])


@pytest.mark.parametrize("value", ["2", "-0.1", "high"])
def test_extract_refuses_a_bad_min_confidence(tmp_path: Path, value: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    result = CliRunner().invoke(cli, ["extract", "--min-confidence", value, str(article)])
    assert result.exit_code == 2
    assert "neither a number from 0 to 1 nor 'default'" in result.output


# As long as a news article (emission applies from the shortest training article on),
# with one incidental candidate the model finds unlikely.
UNLIKELY_TEXT = (
    "Graphite prices slide as battery makers trim orders\n\n"
    "Graphite prices fell for a third month as battery makers in Europe trimmed orders and "
    "drew down the stocks they built last year. Traders said buyers were waiting for clearer "
    "demand signals from carmakers before signing new contracts. Spot prices for flake "
    "graphite dropped about 6% in the month, and prices for spherical graphite, the form "
    "used in battery anodes, fell by a similar amount. China remains the largest producer "
    "and processor of graphite, and its exporters cut offers to win back buyers. Several "
    "anode plants in Europe delayed their start-up, which weighed further on demand. "
    "Madagascar, home to several large mines, is the third-largest producer. Analysts expect "
    "prices to stay under pressure until inventories fall and new battery plants start "
    "buying again, perhaps late next year.\n"
)
SHORT_TEXT = "Madagascar, home to several large mines, is the third-largest graphite producer."


def test_the_emission_threshold_is_a_low_bar_below_the_default() -> None:
    model = packaged_model(EXTRACTOR_VERSION)
    assert 0.0 <= model.emit_threshold <= 0.5
    assert model.emit_threshold < model.default_threshold
    assert model.cross_validation["emit_threshold"] == model.emit_threshold


def _strict_model(text: str) -> tuple[ConfidenceModel, set[tuple[str, str | None, str]]]:
    """The packaged model with its emission threshold raised above the text's least likely
    candidate (so the test holds whatever a retrain changes), and that candidate."""
    model = packaged_model(EXTRACTOR_VERSION)
    scored = sorted(model.score(extract(text, scored=False).claims), key=lambda c: c.confidence)
    assert scored, "the text has candidates"
    low, high = scored[0].confidence, scored[-1].confidence
    cut = (low + high) / 2 if high > low else low + 0.01
    strict = replace(model, emit_threshold=cut)
    return strict, {(c.country, c.mineral, c.status) for c in scored if c.confidence < cut}


def test_candidates_below_the_emission_threshold_are_not_claims() -> None:
    model, unlikely = _strict_model(UNLIKELY_TEXT)
    assert len(UNLIKELY_TEXT.split()) >= model.min_article_words
    emitted = extract(UNLIKELY_TEXT, model=model).claims
    assert emitted
    assert all(c.confidence >= model.emit_threshold for c in emitted)
    assert not unlikely & {(c.country, c.mineral, c.status) for c in emitted}


def test_a_text_shorter_than_any_training_article_keeps_every_candidate() -> None:
    model, unlikely = _strict_model(SHORT_TEXT)
    assert len(SHORT_TEXT.split()) < model.min_article_words
    candidates = model.score(extract(SHORT_TEXT, scored=False).claims)
    emitted = extract(SHORT_TEXT, model=model).claims
    assert unlikely
    assert unlikely <= {(c.country, c.mineral, c.status) for c in emitted}
    assert [(c.country, c.mineral, c.status, c.confidence) for c in emitted] == [
        (c.country, c.mineral, c.status, c.confidence) for c in candidates
    ]


def test_explain_names_the_unlikely_candidates() -> None:
    model, unlikely = _strict_model(UNLIKELY_TEXT)
    report = explain(
        UNLIKELY_TEXT,
        content_type="text/plain",
        gazetteer=Gazetteer.from_refdata(),
        threshold=None,
        model=model,
    )
    dropped = {
        (c, m, d["status"])
        for s in report["sentences"]
        for d in s["dropped"]
        if d["rule"] == "unlikely"
        for c in d["countries"]
        for m in d["minerals"] or [None]
    }
    assert unlikely <= dropped


def test_the_emission_threshold_is_precision_first() -> None:
    from scripts.train_confidence import THRESHOLDS, emission_threshold

    def figures(t: float) -> dict[str, float]:
        # F1 peaks at 0.20 (precision 0.60); among thresholds reaching 0.75, at 0.35
        precision = 0.40 + t
        f1 = {0.20: 0.66, 0.35: 0.65, 0.40: 0.64}.get(t, 0.5)
        return {"precision": round(precision, 3), "f1": f1}

    by_threshold = {f"{t:.2f}": figures(t) for t in THRESHOLDS}
    assert emission_threshold(by_threshold, 0.75) == 0.35
    assert emission_threshold(by_threshold, 0.0) == 0.20
    assert emission_threshold(by_threshold, 1.5) == 0.20  # none reaches it: the best F1
