"""Quality floors on our own held-out-style corpus (tests/enrichment/corpus).

48 news-style articles written for this test (never copied from any source), with gold
annotations per the project's annotation guideline, each written before the extractor was
run on it: 301-333 (short pieces), and 334-348 (300-900 words, page chrome, bylines and
dates in many formats, three pages saved as raw HTML, four more distractors). The extractor
runs in-process; the scoring mirrors the shared score.py (micro precision/recall over sets
per article). Floors sit a little below the measured figures (countries 1.000, minerals
1.000, claims 0.967, metadata 100%) so that a regression fails the test but noise does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.enrichment.gazetteer import Gazetteer
from app.enrichment.pipeline import Extraction, extract

CORPUS = Path(__file__).parent / "corpus"
FLOORS = {"countries": 0.98, "minerals": 0.98, "claims": 0.94}
# The claims the confidence model emits: it is trained on real news only, never on this
# corpus, and drops some of the rules' right candidates here (measured 0.927 at the
# emission threshold of 0.30 that cross-validation chose on real news, 0.894 at 0.40).
EMITTED_CLAIMS_FLOOR = 0.88
META_FLOOR = 0.95


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: set[Any], gold: set[Any]) -> None:
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _articles() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        raw = (CORPUS / "raw" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        _head, sep, body = raw.partition("\n---\n")
        out.append((gold_path.stem, body if sep else raw, json.loads(gold_path.read_text())))
    return out


@pytest.fixture(scope="module")
def results() -> list[tuple[str, Extraction, dict[str, Any]]]:
    """The rules' candidates, before the confidence model decides."""
    gaz = Gazetteer.from_refdata()
    return [
        (stem, extract(body, gazetteer=gaz, scored=False), gold) for stem, body, gold in _articles()
    ]


def _claims_f1(results: list[tuple[str, Extraction, dict[str, Any]]]) -> float:
    score = PR()
    for _stem, e, gold in results:
        score.add(
            {(c.country, c.mineral, c.status) for c in e.claims},
            {(c["country"], c["mineral"], c["status"]) for c in gold["claims"]},
        )
    return round(score.f1, 3)


def test_corpus_is_present() -> None:
    arts = _articles()
    assert len(arts) >= 48
    for stem, body, gold in arts:
        assert 100 <= len(body.split()) <= 1000, stem
        for claim in gold["claims"]:
            assert claim["evidence"] in body, (stem, claim["evidence"])


def test_entity_and_claim_floors(results: list[tuple[str, Extraction, dict[str, Any]]]) -> None:
    scores = {k: PR() for k in FLOORS}
    for _stem, e, gold in results:
        scores["countries"].add({c.key for c in e.countries}, set(gold["countries"]))
        scores["minerals"].add({m.key for m in e.minerals}, set(gold["minerals"]))
        scores["claims"].add(
            {(c.country, c.mineral, c.status) for c in e.claims},
            {(c["country"], c["mineral"], c["status"]) for c in gold["claims"]},
        )
    figures = {k: round(v.f1, 3) for k, v in scores.items()}
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, figures


def test_emitted_claims_floor() -> None:
    gaz = Gazetteer.from_refdata()
    emitted = [(stem, extract(body, gazetteer=gaz), gold) for stem, body, gold in _articles()]
    assert _claims_f1(emitted) >= EMITTED_CLAIMS_FLOOR


def test_metadata_floor(results: list[tuple[str, Extraction, dict[str, Any]]]) -> None:
    for field in ("title", "published", "author"):
        total = ok = 0
        for _stem, e, gold in results:
            want = gold.get(field)
            if not want:
                continue
            got = getattr(e, field)
            got_s = got.isoformat() if hasattr(got, "isoformat") else str(got or "")
            total += 1
            ok += got_s[: len(want)].strip().lower() == str(want).strip().lower()
        assert total, field
        assert ok / total >= META_FLOOR, (field, ok, total)


def test_distractors_yield_no_claims(
    results: list[tuple[str, Extraction, dict[str, Any]]],
) -> None:
    """Watch, bike, laptop, drug, film, music, sport, cooking, startup and lifestyle pieces
    state no claims."""
    quiet = [(s, e) for s, e, gold in results if not gold["claims"]]
    assert len(quiet) >= 14
    noisy = {s: [(c.country, c.mineral, c.status) for c in e.claims] for s, e in quiet if e.claims}
    assert not noisy
