"""Claims and analysts' verdicts on them: the review queue, one claim, a verdict."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.auth import ReviewKey
from app.api.deps import CountryQuery, CursorQuery, LimitQuery, MineralQuery, ReadsDep
from app.api.problems import problem_responses
from app.api.routes.articles import require_json
from app.claim_status import ClaimStatus
from app.db import transaction
from app.schemas.common import DEFAULT_PAGE_LIMIT
from app.schemas.reviews import ClaimDetail, ClaimPage, ReviewCreate, ReviewPage
from app.services import reviews
from app.services.reviews import ReviewerIdentity

router = APIRouter(prefix="/v1/claims", tags=["review"])
reviews_router = APIRouter(prefix="/v1/reviews", tags=["review"])
MAX_ID = 2_147_483_647

ClaimIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Claim id.", examples=[41])]
ReviewStateQuery = Annotated[
    Literal["unreviewed", "confirmed", "rejected"] | None,
    Query(description="Only claims with this current verdict (or none).", examples=["unreviewed"]),
]
StatusQuery = Annotated[
    ClaimStatus | None,
    Query(description="Only claims of this status.", examples=["export_restricted"]),
]
ConfidenceQuery = Annotated[
    float | None,
    Query(ge=0.0, le=1.0, description="Confidence bound (0-1, inclusive).", examples=[0.5]),
]


@router.get(
    "",
    operation_id="claims_list",
    summary="Review queue",
    description="Claims in the order their verdict matters most: first the claims a status "
    "record currently follows (confirmed, or at least as confident as the status threshold "
    "and not rejected: a wrong one misleads readers today), then the least certain; ties "
    "by id. Filter by review state, country, mineral, status and confidence.",
    response_model=ClaimPage,
    responses=problem_responses(422),
)
async def claims_list(
    request: Request,
    reads: ReadsDep,
    review: ReviewStateQuery = None,
    country: CountryQuery = None,
    mineral: MineralQuery = None,
    status: StatusQuery = None,
    min_confidence: ConfidenceQuery = None,
    max_confidence: ConfidenceQuery = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
) -> Response:
    return await reads.respond(
        request,
        "claims_list",
        reviews.list_claims,
        review=review,
        country=country,
        mineral=mineral,
        status=status,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
        cursor=cursor,
        limit=limit,
        status_threshold=request.app.state.settings.status_min_confidence,
    )


@router.get(
    "/{claim_id}",
    operation_id="claims_get",
    summary="Get a claim",
    description="One claim with its article, whether a status record follows it, its current "
    "verdict and every verdict given on it, newest first. 409 when a re-enrichment of its "
    "article replaced it.",
    response_model=ClaimDetail,
    responses=problem_responses(404, 409, 422),
)
async def claims_get(request: Request, reads: ReadsDep, claim_id: ClaimIdPath) -> Response:
    return await reads.respond(
        request,
        "claims_get",
        reviews.claim_detail,
        claim_id=claim_id,
        min_confidence=request.app.state.settings.status_min_confidence,
    )


@router.post(
    "/{claim_id}/review",
    status_code=201,
    operation_id="claims_review",
    summary="Confirm or reject a claim",
    description="Records a verdict (`confirmed` or `rejected`, with an optional note) by the "
    "calling key and recomputes the status record of the claim's country x mineral in the "
    "same transaction: a rejected claim stops supporting any facet, a confirmed one supports "
    "its facets whatever its confidence, and the record's history gets an entry naming the "
    "review (`cause: review:<id>`). A later verdict on the same claim replaces this one; "
    "both stay listed. Needs an API key with scope `review` (or `admin`). 409 when a "
    "re-enrichment replaced the claim since it was read.",
    response_model=ClaimDetail,
    responses=problem_responses(401, 403, 404, 409, 415, 422),
)
async def claims_review(
    request: Request,
    key: ReviewKey,
    _json: Annotated[None, Depends(require_json)],
    claim_id: ClaimIdPath,
    body: ReviewCreate,
) -> Response:
    reviewer = ReviewerIdentity(key_id=key.key_id, name=key.name)

    def record() -> ClaimDetail:
        with transaction(request.app.state.session_factory) as session:
            return reviews.review_claim(
                session,
                claim_id,
                body.verdict,
                body.note,
                reviewer,
                min_confidence=request.app.state.settings.status_min_confidence,
            )

    detail = await run_in_threadpool(record)
    return Response(
        detail.model_dump_json().encode(),
        status_code=201,
        media_type="application/json",
        headers={"Location": f"/v1/claims/{claim_id}", "Cache-Control": "no-store"},
    )


@reviews_router.get(
    "",
    operation_id="reviews_list",
    summary="List verdicts",
    description="Every verdict given, newest first, with its claim (null when orphaned: a "
    "re-enrichment found no claim with the same identity; the verdict is kept and moves "
    "back should a later extraction find the claim again).",
    response_model=ReviewPage,
    responses=problem_responses(422),
)
async def reviews_list(
    request: Request,
    reads: ReadsDep,
    orphaned: Annotated[
        bool | None,
        Query(
            description="true: only orphaned verdicts; false: only attached ones.",
            examples=[True],
        ),
    ] = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_PAGE_LIMIT,
) -> Response:
    return await reads.respond(
        request,
        "reviews_list",
        reviews.list_reviews,
        orphaned=orphaned,
        cursor=cursor,
        limit=limit,
    )
