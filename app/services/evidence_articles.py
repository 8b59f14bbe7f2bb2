"""Claim evidence with its article embedded: a status record, its history or a mineral's
list shows each claim's article (title, outlet, URL, date) without one more call per claim.

Stored facets keep only the article's id; the article is read when the answer is built, so
a title or outlet found later (re-enrichment, metadata) shows at once.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.repositories import articles as article_repo
from app.schemas.evidence import FACET_EVIDENCE, FacetEvidence
from app.services.citations import cited_article

Pieces = list[dict[str, Any]]


def typed_evidence(session: Session, groups: list[Pieces]) -> list[list[FacetEvidence]]:
    """Each group of stored evidence pieces, typed by kind, claims with their article."""
    wanted = {
        int(piece["article_id"])
        for pieces in groups
        for piece in pieces
        if piece.get("kind") == "claim" and piece.get("article_id") is not None
    }
    columns = article_repo.cited_columns(session, wanted)
    articles = {
        i: cited_article(i, title, url, outlet, published, source_name=source)
        for i, (title, url, outlet, published, source) in columns.items()
    }
    typed: list[list[FacetEvidence]] = []
    for pieces in groups:
        out = []
        for piece in pieces:
            if piece.get("kind") == "claim":
                article = articles.get(int(piece["article_id"]))
                piece = {**piece, "article": article.model_dump() if article else None}
            out.append(FACET_EVIDENCE.validate_python(piece))
        typed.append(out)
    return typed


def facets_with_articles(session: Session, facets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Stored facets with their evidence typed and claim articles embedded."""
    names = list(facets)
    groups = typed_evidence(session, [list(facets[n].get("evidence", [])) for n in names])
    return {n: {**facets[n], "evidence": g} for n, g in zip(names, groups, strict=True)}
