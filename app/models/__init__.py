"""Table models. Importing this package registers every table on the shared metadata."""

from app.models.base import metadata
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
from app.models.statistics import ImportReliance, ProductionFigure, ReserveFigure, Source

__all__ = [
    "CommodityForm",
    "Country",
    "CountryAlias",
    "CriticalList",
    "CriticalListMembership",
    "DataVersion",
    "ImportReliance",
    "Mineral",
    "MineralAlias",
    "ProductionFigure",
    "ReserveFigure",
    "Source",
    "metadata",
]
