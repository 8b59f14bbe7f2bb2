"""Persist an extraction: replace an article's mentions and claims, refresh status records.

Runs inside the caller's transaction (the enrichment job's), so an article is never left
with half of its old and half of its new claims. A claim the new extraction finds again
(same country, mineral, status and offsets) keeps its row, id and verdicts.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlmodel import Session, col, delete

from app.enrichment.pipeline import Extraction
from app.models import Article, Claim, Mention
from app.repositories import reference as refs
from app.repositories import status as status_repo
from app.services.claim_identity import replace_claims
from app.services.status_records import recompute

Pair = tuple[str, str]


def _dated_at(article: Article, extraction: Extraction) -> datetime:
    if article.published_at is not None:
        return article.published_at
    if extraction.published is not None:
        return datetime.combine(extraction.published, time(), tzinfo=UTC)
    return article.ingested_at


def _mentions(article_id: int, extraction: Extraction, known: set[str]) -> list[Mention]:
    rows = []
    for kind, entities in (("country", extraction.countries), ("mineral", extraction.minerals)):
        for entity in entities:
            if entity.key not in known:
                continue
            rows.append(
                Mention(
                    article_id=article_id,
                    entity_kind=kind,
                    entity_key=entity.key,
                    name=entity.name,
                    count=entity.mentions,
                    first_start=entity.first_start,
                    first_end=entity.first_end,
                )
            )
    return rows


def apply_extraction(
    session: Session,
    article: Article,
    extraction: Extraction,
    *,
    min_confidence: float | None = None,
) -> int:
    """Replace the article's derived rows; returns the number of status facet changes.

    Every claim is stored; only those of at least `min_confidence` move status facets.
    """
    assert article.id is not None
    previous_pairs = status_repo.claimed_pairs_of_article(session, article.id)
    session.exec(delete(Mention).where(col(Mention.article_id) == article.id))

    countries = {c.key for c in extraction.countries} | {c.country for c in extraction.claims}
    minerals = {m.key for m in extraction.minerals} | {
        c.mineral for c in extraction.claims if c.mineral
    }
    known = set(refs.countries_by_code(session, countries)) | set(
        refs.minerals_by_slug(session, minerals)
    )
    session.add_all(_mentions(article.id, extraction, known))
    dated_at = _dated_at(article, extraction)
    claims = [
        Claim(
            article_id=article.id,
            country_iso2=c.country,
            mineral_slug=c.mineral,
            status=c.status,
            evidence=c.evidence,
            start=c.start,
            end=c.end,
            confidence=c.confidence,
            extractor_version=extraction.extractor_version,
            dated_at=dated_at,
        )
        for c in extraction.claims
        if c.country in known and (c.mineral is None or c.mineral in known)
    ]
    claims = replace_claims(session, article.id, claims)

    article.clean_text = extraction.clean_text
    article.title = article.title or extraction.title
    article.author = article.author or extraction.author
    article.outlet = article.outlet or extraction.outlet
    article.cited_sources = list(extraction.cited_sources)
    if article.published_at is None and extraction.published is not None:
        article.published_at = dated_at
    article.extractor_version = extraction.extractor_version
    session.flush()

    new_pairs: set[Pair] = {(c.country_iso2, c.mineral_slug) for c in claims if c.mineral_slug}
    return recompute(session, previous_pairs | new_pairs, min_confidence=min_confidence)
