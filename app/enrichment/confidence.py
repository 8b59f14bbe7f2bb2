"""The claim confidence model: a logistic regression over the features of each decision.

The rules decide which claims an article makes; this model says how likely each one is to
be right, as a probability calibrated by cross-validation on the annotated corpora
(scripts/train_confidence.py writes `models/confidence.json`). The weights are plain JSON
tied to the extractor version that produced the features they were trained on: a model of
another version is refused at load, since its features would not mean the same.

The model also decides which candidates are claims at all: a candidate whose probability is
below `emit_threshold` (the threshold that maximised cross-validated F1) is dropped, and
`--explain` names it. The stricter `default_threshold` decides which claims move status
records.

Each claim's features are expanded with a copy crossed with its status ("producing|quoted"),
so one model learns a weight per status for each feature and per-status base rates.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from app.enrichment.noun_claims import Claim

MODEL_RESOURCE = "confidence.json"


class ModelMismatchError(RuntimeError):
    """The packaged model was trained on features of another extractor version."""


def _bucket(count: int) -> str:
    return "1" if count <= 1 else "2-3" if count <= 3 else "4+"


def _ranks(mentions: Mapping[str, int]) -> dict[str, str]:
    """ "1" for the most named entity of the article (ties share it), "2", then "3+"."""
    counts = sorted(set(mentions.values()), reverse=True)
    return {
        k: str(counts.index(n) + 1) if counts.index(n) < 2 else "3+" for k, n in mentions.items()
    }


def with_article_features(
    claims: Iterable[Claim],
    country_mentions: Mapping[str, int],
    mineral_mentions: Mapping[str, int],
) -> list[Claim]:
    """Add what the whole article says: how often it names the claim's country and mineral,
    and how many of its claims support the same country x mineral."""
    claims = list(claims)
    country_rank = _ranks(country_mentions)
    mineral_rank = _ranks(mineral_mentions)
    pair_support: dict[tuple[str, str | None], int] = {}
    for c in claims:
        pair_support[(c.country, c.mineral)] = pair_support.get((c.country, c.mineral), 0) + 1
    out = []
    for c in claims:
        extra = (
            f"country_mentions={_bucket(country_mentions.get(c.country, 0))}",
            f"mineral_mentions={_bucket(mineral_mentions.get(c.mineral or '', 0))}",
            f"pair_claims={_bucket(pair_support[(c.country, c.mineral)])}",
            f"country_rank={country_rank.get(c.country, '3+')}",
            f"mineral_rank={mineral_rank.get(c.mineral or '', 'none')}",
        )
        out.append(replace(c, features=(*c.features, *extra)))
    return out


def expand(claim: Claim) -> list[str]:
    """The model's input: each feature alone and crossed with the claim's status."""
    status = claim.status
    return [f"status={status}", *claim.features, *(f"{status}|{f}" for f in claim.features)]


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    extractor_version: str
    intercept: float
    weights: Mapping[str, float]
    default_threshold: float
    cross_validation: Mapping[str, Any]
    emit_threshold: float = 0.0
    min_article_words: int = 0
    """The shortest article the model was trained on. Its article features (how often a
    text names a country, its rank among the text's countries) mean nothing in a text of two
    sentences, so a shorter text keeps every candidate: the model scores it, never drops it."""

    def emits_in(self, article_words: int) -> bool:
        """Whether the model decides emission for an article of this many words."""
        return article_words >= self.min_article_words

    def emitted(self, claim: Claim) -> bool:
        """Whether a scored candidate is likely enough to be a claim."""
        return claim.confidence >= self.emit_threshold

    def probability(self, claim: Claim) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in expand(claim))
        return 1.0 / (1.0 + math.exp(-z))

    def contributions(self, claim: Claim) -> list[tuple[str, float]]:
        """The weights behind a claim's probability, strongest first (for --explain)."""
        weighted = [(f, self.weights[f]) for f in expand(claim) if f in self.weights]
        return sorted(weighted, key=lambda fw: -abs(fw[1]))

    def score(self, claims: Iterable[Claim]) -> list[Claim]:
        return [replace(c, confidence=round(self.probability(c), 3)) for c in claims]

    def to_json(self) -> dict[str, Any]:
        return {
            "extractor_version": self.extractor_version,
            "intercept": self.intercept,
            "default_threshold": self.default_threshold,
            "emit_threshold": self.emit_threshold,
            "min_article_words": self.min_article_words,
            "cross_validation": dict(self.cross_validation),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConfidenceModel:
        return cls(
            extractor_version=str(data["extractor_version"]),
            intercept=float(data["intercept"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            default_threshold=float(data["default_threshold"]),
            cross_validation=dict(data.get("cross_validation", {})),
            emit_threshold=float(data.get("emit_threshold", 0.0)),
            min_article_words=int(data.get("min_article_words", 0)),
        )


@cache
def packaged_model(extractor_version: str) -> ConfidenceModel:
    """The model shipped with the package; refuses one trained for another version."""
    text = resources.files("app.enrichment.models").joinpath(MODEL_RESOURCE).read_text("utf-8")
    model = ConfidenceModel.from_json(json.loads(text))
    if model.extractor_version != extractor_version:
        raise ModelMismatchError(
            f"the confidence model was trained for {model.extractor_version}, not "
            f"{extractor_version}: run scripts/train_confidence.py"
        )
    return model
