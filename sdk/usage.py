"""Use the Python client openapi-python-client generates from the Orewatch document.

    python sdk/usage.py BASE_URL API_KEY    (with the generated `orewatch_client` importable)

tests/sdk/test_sdk.py generates the client into a temporary folder, type-checks this script
against it (mypy --strict) and runs it against a served API; it prints one JSON line of what
it read. Reads use a plain Client (the API's reads are open), the write an
AuthenticatedClient.
"""

from __future__ import annotations

import json
import sys

from orewatch_client import AuthenticatedClient, Client
from orewatch_client.api.articles import articles_create
from orewatch_client.api.countries import countries_list
from orewatch_client.api.exposure import exposure_get
from orewatch_client.api.minerals import minerals_get, minerals_list, minerals_producers
from orewatch_client.models import (
    ArticleCreate,
    ArticleIngestResult,
    CountryPage,
    ImporterExposure,
    MineralDetail,
    MineralPage,
    Problem,
    ProducersReport,
)


def main(base_url: str, key: str) -> None:
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    writer = AuthenticatedClient(base_url=base_url, token=key, raise_on_unexpected_status=True)
    with client, writer:
        countries = countries_list.sync(client=client, limit=5)
        assert isinstance(countries, CountryPage), countries
        mineral = minerals_get.sync("gallium", client=client)
        assert isinstance(mineral, MineralDetail), mineral
        missing = minerals_get.sync("unobtainium", client=client)
        assert isinstance(missing, Problem), missing
        assert missing.status == 404, missing
        without = minerals_list.sync(client=client, has_statistics=False, limit=500)
        assert isinstance(without, MineralPage), without
        # A known mineral without a production table: 200, known false, and why.
        germanium = minerals_producers.sync("germanium", client=client)
        assert isinstance(germanium, ProducersReport), germanium
        default_form = next(f for f in mineral.forms if f.is_default)
        exposure = exposure_get.sync(client=client, importer="US", mineral="gallium")
        assert isinstance(exposure, ImporterExposure), exposure
        created = articles_create.sync_detailed(
            client=writer,
            body=ArticleCreate(
                text="China restricts exports of gallium, officials said.",
                outlet="SDK Wire",
            ),
            idempotency_key="sdk-usage-1",
        )
        assert created.status_code == 202, created
        result = created.parsed
        assert isinstance(result, ArticleIngestResult), result
    print(
        json.dumps(
            {
                "countries": [c.iso2 for c in countries.items],
                "total": countries.total,
                "mineral": mineral.slug,
                "forms": [f.slug for f in mineral.forms],
                "has_statistics": mineral.has_statistics,
                "default_form_years": default_form.available_years,
                "without_statistics": [m.slug for m in without.items],
                "germanium_known": germanium.known,
                "germanium_detail": germanium.detail,
                "importer": exposure.importer.iso2,
                "score_known": exposure.score.value is not None,
                "article_created": result.created,
                "article_id": result.article.id,
                "job_state": result.job.state if result.job else None,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
