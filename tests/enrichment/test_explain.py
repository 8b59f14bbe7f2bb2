"""`orewatch extract --explain`: every candidate, kept or dropped, with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app.enrichment.cli import register
from app.enrichment.explain import explain
from app.enrichment.gazetteer import Gazetteer
from app.enrichment.pipeline import extract
from app.enrichment.trace import Trace, Veto

GAZ = Gazetteer.from_refdata()

TEXT = (
    "Tin and tantalum notes\n\n"
    "Officials in La Paz said Bolivia has suspended its ban on exports of tin ore. "
    "Rwanda may restrict exports of tantalum next year. "
    "Peru produces zinc at three large mines. "
    "Kazakhstan is not a producer of tungsten.\n"
)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def noop() -> None:  # a second command keeps Typer in multi-command mode
        """Nothing."""

    return app


def _dropped(report: dict, status: str) -> set[str]:
    return {
        d["rule"]
        for s in report["sentences"]
        for d in s["dropped"]
        if d["status"] == status and "PE" not in d["countries"]
    }


def test_tracing_changes_no_claim() -> None:
    trace: Trace = []
    assert extract(TEXT, gazetteer=GAZ, trace=trace).claims == extract(TEXT, gazetteer=GAZ).claims
    assert trace, "the text has candidates the rules drop"


def test_kept_claims_are_the_extracted_ones_with_their_weights() -> None:
    report = explain(TEXT, content_type="text/plain", gazetteer=GAZ, threshold=0.5)
    kept = [
        (k["country"], k["mineral"], k["status"]) for s in report["sentences"] for k in s["kept"]
    ]
    claims = extract(TEXT, gazetteer=GAZ).claims
    assert kept == [(c.country, c.mineral, str(c.status)) for c in claims]
    for s in report["sentences"]:
        for k in s["kept"]:
            assert k["moves_status_record"] is (k["confidence"] >= 0.5)
            assert k["weights"], "a kept claim shows the weights behind its confidence"
            assert all(w["feature"] in k["features"] or "=" in w["feature"] for w in k["weights"])


@pytest.mark.parametrize(
    ("status", "rule"),
    [("export_restricted", Veto.ENDED_RESTRICTION), ("export_restricted", Veto.HEDGED)],
)
def test_each_dropped_candidate_names_its_rule(status: str, rule: Veto) -> None:
    report = explain(TEXT, content_type="text/plain", gazetteer=GAZ, threshold=None)
    assert str(rule) in _dropped(report, status)
    kept = {(k["country"], k["status"]) for s in report["sentences"] for k in s["kept"]}
    assert ("BO", "export_restricted") not in kept
    assert ("RW", "export_restricted") not in kept


def test_a_second_claim_of_the_same_triple_is_dropped_as_duplicate() -> None:
    text = "Peru produces zinc.\n\nPeru produces zinc in the Andes.\n"
    report = explain(text, content_type="text/plain", gazetteer=GAZ, threshold=None)
    rules = [d["rule"] for s in report["sentences"] for d in s["dropped"]]
    assert rules.count(str(Veto.DUPLICATE)) == 1
    assert report["threshold"] > 0


def test_cli_explain_prints_a_readable_report(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "KEPT     producing" in result.stdout
    assert "rule=ended_restriction" in result.stdout
    assert "status records follow claims with confidence >=" in result.stdout


def test_cli_explain_as_json_and_with_a_threshold(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    args = ["extract", "--explain", "--format", "json", "--min-confidence", "0.25", str(path)]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["source"] == str(path)
    assert report["threshold"] == 0.25
    assert all({"start", "text", "kept", "dropped"} <= set(s) for s in report["sentences"])
