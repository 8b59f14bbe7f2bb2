"""The OpenAPI document: readable operation ids, declared problems, printed by the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.api.main import create_app
from app.settings import Settings


def _document() -> dict:
    return create_app(Settings(database_url="sqlite:///:memory:")).openapi()


def test_operation_ids_are_unique_and_readable() -> None:
    ids = [op["operationId"] for path in _document()["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").isalnum() and "__" not in i for i in ids)
    assert {"countries_list", "countries_get", "minerals_get", "minerals_producers"} <= set(ids)


def test_schema_names_are_plain_and_errors_use_problem() -> None:
    document = _document()
    names = set(document["components"]["schemas"])
    assert not any("__" in n or n.endswith(("-Input", "-Output")) for n in names)
    assert "HTTPValidationError" not in names
    for path in document["paths"].values():
        for operation in path.values():
            assert operation.get("description")
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"]


def test_cli_prints_the_document() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "openapi"],
        capture_output=True,
        text=True,
        check=True,
        env={"OREWATCH_DATABASE_URL": "sqlite:///:memory:", "PATH": ""},
    )
    assert json.loads(out.stdout)["info"]["title"] == "Orewatch"


# The contract SDK generators rely on (issue 5): each check fails on the first offender.

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_every_operation_is_described_and_uniquely_named() -> None:
    seen: dict[str, str] = {}
    for method, path, operation in _operations(_document()):
        where = f"{method.upper()} {path}"
        op_id = operation.get("operationId")
        assert op_id, f"{where} has no operationId"
        assert op_id not in seen, f"operationId {op_id} of {where} is also {seen[op_id]}'s"
        seen[op_id] = where
        assert operation.get("description"), f"{where} has no description"
        assert operation.get("summary"), f"{where} has no summary"
        assert operation.get("tags"), f"{where} has no tag"
    assert {"articles_create", "jobs_retry", "exposure_get"} <= set(seen)


def test_schema_names_are_unique_and_single() -> None:
    names = list(_document()["components"]["schemas"])
    bad = [n for n in names if "__" in n or n.endswith(("-Input", "-Output", "Input", "Output"))]
    assert not bad, f"generated schema names: {bad}"
    assert len(names) == len({n.lower() for n in names})


def test_every_schema_and_parameter_has_an_example() -> None:
    document = _document()
    missing = [
        name
        for name, schema in document["components"]["schemas"].items()
        if not (schema.get("examples") or "example" in schema)
    ]
    assert not missing, f"schemas without an example: {missing}"
    for method, path, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            has = any(
                "example" in holder or holder.get("examples") for holder in (parameter, schema)
            )
            assert has, f"{method.upper()} {path}: parameter {parameter['name']} has no example"


def test_every_error_status_is_declared_as_problem_json() -> None:
    for method, path, operation in _operations(_document()):
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        expected = {"429", "500"}
        if operation.get("parameters") or operation.get("requestBody"):
            expected.add("422")
        if operation.get("requestBody"):
            expected |= {"400", "413", "415"}
        if path.startswith("/v1/"):  # every /v1 operation takes a key (reads optionally)
            expected |= {"401", "403"}
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            expected.add("404")
        assert expected <= set(responses), f"{where} lacks {sorted(expected - set(responses))}"
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert set(response["content"]) == {"application/problem+json"}, (where, status)
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (where, status)
            elif status != "204" and not status.startswith("3"):
                assert "application/json" in response.get("content", {}), (where, status)


def test_headers_clients_act_on_are_declared() -> None:
    document = _document()
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        if method == "get" and "304" in responses:
            assert set(responses["200"]["headers"]) >= {"ETag", "Cache-Control"}, path
            assert "ETag" in responses["304"]["headers"], path
            assert "content" not in responses["304"], path
    created = document["paths"]["/v1/articles"]["post"]["responses"]
    assert "Location" in created["202"]["headers"]
    assert set(created["200"]["headers"]) == {"Location", "Orewatch-Duplicate-Of"}
    review = document["paths"]["/v1/claims/{claim_id}/review"]["post"]["responses"]
    assert "Location" in review["201"]["headers"]
    limited = document["paths"]["/v1/countries"]["get"]["responses"]["429"]
    assert "Retry-After" in limited["headers"]


def test_facet_evidence_is_a_union_discriminated_on_kind() -> None:
    schemas = _document()["components"]["schemas"]
    items = schemas["FlagFacet"]["properties"]["evidence"]["items"]
    assert items["discriminator"]["propertyName"] == "kind"
    assert set(items["discriminator"]["mapping"]) == {
        "production",
        "reserves",
        "import_reliance",
        "claim",
    }
    assert "article" in schemas["ClaimFacetEvidence"]["properties"]
    assert "article" not in schemas["FigureEvidence"]["properties"]


def test_writes_need_a_key_and_reads_state_none() -> None:
    """Reads are open by default: stating no requirement lets generated clients call them
    without credentials (openapi-python-client demands an AuthenticatedClient otherwise)."""
    for method, path, operation in _operations(_document()):
        expected = [{"ApiKey": []}] if method != "get" else []
        assert operation["security"] == expected, f"{method.upper()} {path}"


def test_the_readme_api_table_names_every_operation() -> None:
    """The README's API table is the user's index: a new operation must be listed there."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("## API\n")
    table = readme[start : readme.index("\n## ", start + 1)]
    missing = [
        operation["operationId"]
        for item in _document()["paths"].values()
        for operation in item.values()
        if f"`{operation['operationId']}`" not in table
    ]
    assert not missing, f"add these operations to README's API table: {missing}"
