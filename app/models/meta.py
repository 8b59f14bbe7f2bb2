"""Bookkeeping tables that are not domain data, and which data domain each table is in."""

from datetime import datetime
from enum import IntEnum

from sqlmodel import Field, SQLModel


class DataDomain(IntEnum):
    """What a cached answer can be built from; each domain has its own version counter
    (its row of data_version), so news never empties the cache of statistics answers."""

    REFERENCE = 1
    """Countries, minerals, forms, critical lists and the official statistics."""
    NEWS = 2
    """Articles, their mentions and claims, status records, their history, reviews."""


# Every table, and the domain whose version a committed write to it bumps. None: no cached
# answer is built from it (jobs, keys and feeds are served uncached). A table missing here
# bumps every domain (tests/test_data_domains.py fails until it is listed).
TABLE_DOMAINS: dict[str, DataDomain | None] = {
    "country": DataDomain.REFERENCE,
    "country_alias": DataDomain.REFERENCE,
    "mineral": DataDomain.REFERENCE,
    "mineral_alias": DataDomain.REFERENCE,
    "commodity_form": DataDomain.REFERENCE,
    "critical_list": DataDomain.REFERENCE,
    "critical_list_membership": DataDomain.REFERENCE,
    "source": DataDomain.REFERENCE,
    "production_figure": DataDomain.REFERENCE,
    "reserve_figure": DataDomain.REFERENCE,
    "import_reliance": DataDomain.REFERENCE,
    "article": DataDomain.NEWS,
    "mention": DataDomain.NEWS,
    "claim": DataDomain.NEWS,
    "claim_review": DataDomain.NEWS,
    "retired_claim": DataDomain.NEWS,
    "status_record": DataDomain.NEWS,
    "status_change": DataDomain.NEWS,
    "job": None,
    "api_key": None,
    "feed_source": None,
    "feed_entry": None,
    "data_version": None,
}


class DataVersion(SQLModel, table=True):
    """One counter per data domain (id = DataDomain); committed writes bump it, and read
    caches key their entries on the counters of the domains an answer is built from."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)
    updated_at: datetime
