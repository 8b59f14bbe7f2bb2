"""Table models. Importing this package registers every table on the shared metadata."""

from app.models.articles import ApiKey, Article, Job
from app.models.base import metadata
from app.models.enrichment import Claim, Mention, StatusChange, StatusRecord
from app.models.feeds import FeedEntry, FeedSource
from app.models.meta import DataVersion
from app.models.reference import (
    CommodityForm,
    Country,
    CountryAlias,
    CriticalList,
    CriticalListMembership,
    Mineral,
    MineralAlias,
)
from app.models.reviews import ClaimReview, RetiredClaim
from app.models.statistics import ImportReliance, ProductionFigure, ReserveFigure, Source

__all__ = [
    "ApiKey",
    "Article",
    "Claim",
    "ClaimReview",
    "CommodityForm",
    "Country",
    "CountryAlias",
    "CriticalList",
    "CriticalListMembership",
    "DataVersion",
    "FeedEntry",
    "FeedSource",
    "ImportReliance",
    "Job",
    "Mention",
    "Mineral",
    "MineralAlias",
    "ProductionFigure",
    "ReserveFigure",
    "RetiredClaim",
    "Source",
    "StatusChange",
    "StatusRecord",
    "metadata",
]
