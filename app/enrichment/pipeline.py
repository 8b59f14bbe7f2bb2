"""The extraction pipeline: clean -> metadata -> sentences -> linking -> claims.

`extract()` is pure (no I/O, no database): the offline CLI and the DB-backed job handler
both call it and persist or print the returned `Extraction`.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.enrichment.claims import Claim, extract_claims
from app.enrichment.clean import clean
from app.enrichment.confidence import ConfidenceModel, packaged_model, with_article_features
from app.enrichment.errors import ExtractionError
from app.enrichment.gazetteer import Gazetteer
from app.enrichment.linking import link
from app.enrichment.metadata import extract_metadata
from app.enrichment.sentences import Sentence, split_sentences
from app.enrichment.trace import Trace, Veto, dropped_claim

EXTRACTOR_VERSION = "orewatch-extract/1.4"
MAX_INPUT_CHARS = 2_000_000  # larger inputs are refused, not truncated silently
MAX_CLEAN_CHARS = 500_000  # article text beyond this is not analysed
DEFAULT_TIME_LIMIT = 10.0  # seconds per article

__all__ = [
    "EXTRACTOR_VERSION",
    "Claim",
    "EntityCount",
    "Extraction",
    "ExtractionError",
    "extract",
]


@dataclass(frozen=True, slots=True)
class EntityCount:
    """A country (key = ISO alpha-2) or mineral (key = slug) with its mention count."""

    key: str
    name: str
    mentions: int
    first_start: int
    first_end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    clean_text: str
    title: str | None
    published: date | None
    author: str | None
    outlet: str | None
    cited_sources: tuple[str, ...]
    countries: tuple[EntityCount, ...]
    minerals: tuple[EntityCount, ...]
    claims: tuple[Claim, ...]
    extractor_version: str = EXTRACTOR_VERSION

    def to_dict(
        self, source: str | None = None, min_confidence: float | None = None
    ) -> dict[str, Any]:
        """The JSON shape of `orewatch extract` (clean text left out); with `min_confidence`
        only the claims at or above it."""
        out: dict[str, Any] = {} if source is None else {"source": source}
        out.update(
            title=self.title,
            published=self.published.isoformat() if self.published else None,
            author=self.author,
            outlet=self.outlet,
            cited_sources=list(self.cited_sources),
            countries=[
                {"iso2": c.key, "name": c.name, "mentions": c.mentions} for c in self.countries
            ],
            minerals=[
                {"slug": m.key, "name": m.name, "mentions": m.mentions} for m in self.minerals
            ],
            claims=[
                {
                    "country": c.country,
                    "mineral": c.mineral,
                    "status": c.status,
                    "evidence": c.evidence,
                    "start": c.start,
                    "end": c.end,
                    "confidence": c.confidence,
                }
                for c in self.claims
                if min_confidence is None or c.confidence >= min_confidence
            ],
            extractor_version=self.extractor_version,
        )
        return out


def _check_input(text: str) -> None:
    if not isinstance(text, str):
        raise ExtractionError("input must be a decoded string")
    if len(text) > MAX_INPUT_CHARS:
        raise ExtractionError(f"input too large: {len(text)} characters (limit {MAX_INPUT_CHARS})")
    sample = text[:4096]
    if sample and sample.count("\x00") > len(sample) // 100:
        raise ExtractionError("input looks binary (NUL bytes)")


def _counts(items: list[tuple[str, int, int]], names: dict[str, str]) -> tuple[EntityCount, ...]:
    counter: Counter[str] = Counter(k for k, _, _ in items)
    first: dict[str, tuple[int, int]] = {}
    for key, start, end in items:
        first.setdefault(key, (start, end))
    ordered = sorted(counter, key=lambda k: (-counter[k], first[k][0]))
    return tuple(
        EntityCount(k, names.get(k, k), counter[k], first[k][0], first[k][1]) for k in ordered
    )


def _decide(
    model: ConfidenceModel,
    claims: list[Claim],
    sentences: list[Sentence],
    article_words: int,
    trace: Trace | None,
) -> list[Claim]:
    """Score the candidates and keep those the model finds likely enough to be claims (in
    a text shorter than any it was trained on, every candidate)."""
    scored = model.score(claims)
    if not model.emits_in(article_words):
        return scored
    kept = []
    for claim in scored:
        if model.emitted(claim):
            kept.append(claim)
        elif trace is not None:
            trace.append(dropped_claim(claim, Veto.UNLIKELY, _sentence_start(sentences, claim)))
    return kept


def _sentence_start(sentences: list[Sentence], claim: Claim) -> int:
    return next((s.start for s in sentences if s.start <= claim.start < s.end), claim.start)


def extract(
    text: str,
    *,
    content_type: str = "text/plain",
    gazetteer: Gazetteer | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    scored: bool = True,
    trace: Trace | None = None,
    model: ConfidenceModel | None = None,
) -> Extraction:
    """Extract metadata, entity mentions and status claims from one article.

    Raises ExtractionError for input that cannot be processed (binary, too large, broken
    HTML) or when the article takes longer than `time_limit` seconds. Claims carry the
    packaged confidence model's probability; with `scored=False` (training) the rules'
    provisional confidence. With `trace`, the candidates the rules dropped are appended
    to it (see app/enrichment/explain.py). `model` replaces the packaged confidence model
    (to score a held-out half with a model trained on the other).
    """
    _check_input(text)
    deadline = time.monotonic() + time_limit

    def check() -> None:
        if time.monotonic() > deadline:
            raise ExtractionError(f"time limit of {time_limit:g} s exceeded")

    gaz = gazetteer or Gazetteer.from_refdata()
    cleaned = clean(text, content_type)
    check()
    body = cleaned.text[:MAX_CLEAN_CHARS]
    meta = extract_metadata(cleaned)
    sentences = split_sentences(body)
    check()
    mentions = link(body, sentences, gaz)
    check()
    ref_year = meta.published.year if meta.published else None
    claims = extract_claims(
        body, sentences, mentions, ref_year=ref_year, deadline_check=check, trace=trace
    )
    countries = _counts([(c.iso2, c.start, c.end) for c in mentions.countries], gaz.country_names)
    minerals = _counts(
        [(s, m.start, m.end) for m in mentions.minerals for s in m.slugs], gaz.mineral_names
    )
    claims = with_article_features(
        claims, {c.key: c.mentions for c in countries}, {m.key: m.mentions for m in minerals}
    )
    if scored:
        model = model or packaged_model(EXTRACTOR_VERSION)
        claims = _decide(model, claims, sentences, len(body.split()), trace)
    return Extraction(
        clean_text=body,
        title=meta.title,
        published=meta.published,
        author=meta.author,
        outlet=meta.outlet,
        cited_sources=meta.cited_sources,
        countries=countries,
        minerals=minerals,
        claims=tuple(claims),
    )
