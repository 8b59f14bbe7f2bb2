"""The closed vocabularies the API publishes as enums hold every value the data has: a new
region or list in the reference data fails here, not in a client that rejects the value."""

from __future__ import annotations

from app.refdata import loader
from app.schemas.reference import CriticalListSlug, Region


def test_every_country_region_is_a_region() -> None:
    assert {row["region"] for row in loader.country_rows()} <= set(Region)


def test_every_critical_list_is_a_known_slug() -> None:
    assert {row["slug"] for row in loader.critical_list_rows()} == set(CriticalListSlug)
