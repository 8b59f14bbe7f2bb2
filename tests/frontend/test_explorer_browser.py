"""The explorer at / in headless Chromium, against a real `orewatch serve` of its own.

The server runs over a database of this module's own (migrated and seeded like `make run`,
on the engine under test), with its embedded worker, so an article ingested here is
enriched as in production. Every number the page shows is checked against the API's own
answer to the same question, never against a figure written in the test. Each test waits
for states the page announces (body[data-state], panel and chart attributes), never for a
time. Screenshots go to artifacts/explorer/ (git-ignored) for review.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from app.api.observability import EXPLORER_CSP
from tests.dbutil import create_database, drop_database
from tests.frontend.browser import CHROMIUM, Browser, Page
from tests.processes import ROOT, create_key, prepare_database, serving

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)

ARTIFACTS = Path(os.environ.get("OREWATCH_TEST_ARTIFACTS", ROOT / "artifacts")) / "explorer"
PHONE = (390, 844)
# Our own wording: a ban on gallium exports, and a stoppage at a cobalt mine.
ARTICLE = """Gallium export ban announced
China banned exports of gallium to all buyers on Monday, the trade ministry announced in a \
short notice.
Separately, a flood stopped work at a cobalt mine in Congo last week, its operator said.
"""
BANNED = "China banned exports of gallium to all buyers on Monday"
JOB_TIMEOUT_S = 60.0
VIEWS = ["", "?mineral=gallium", "?country=CN", "?importer=US", "?feed"]


@dataclass
class Explorer:
    base: str
    http: httpx.Client
    ingest_key: str
    engine: str

    def api(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def explorer(
    base_database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Explorer]:
    url = create_database(base_database_url, tmp_path_factory.mktemp("explorer-db"))
    env = os.environ | {
        "OREWATCH_DATABASE_URL": url,
        "OREWATCH_WORKER_POLL_INTERVAL_S": "0.1",
        "OREWATCH_RATE_LIMIT_ENABLED": "false",
    }
    try:
        prepare_database(env)
        key = create_key(env, "ingest")
        with serving(env) as (base, _process), httpx.Client(base_url=base, timeout=30) as http:
            yield Explorer(base, http, key, "postgresql" if base_database_url else "sqlite")
    finally:
        drop_database(url)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    folder = tmp_path_factory.mktemp("chromium")
    chromium = Browser(folder / "profile", folder / "chromium.log")
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with browser.page() as tab:
        yield tab


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with browser.page(*PHONE, mobile=True) as tab:
        yield tab


def open_view(page: Page, explorer: Explorer, query: str, expect: str = "ready") -> None:
    page.goto(f"{explorer.base}/{query}")
    assert page.wait_ready() == expect, page.text("main")[:500]
    # Charts draw after the view is in the document; wait for them too.
    page.wait_for("[...document.querySelectorAll('.chart-plot')].every((e) => e.dataset.drawn)")


def shoot(page: Page, explorer: Explorer, name: str) -> None:
    page.screenshot(ARTIFACTS / explorer.engine / f"{name}.png")


def clean(page: Page) -> None:
    """No CSP violation and no uncaught script error on the page."""
    assert page.problems() == {"violations": [], "errors": []}


def number(text: str | None) -> float:
    assert text not in (None, ""), text
    return float(str(text))


def percent(fraction: float) -> str:
    return f"{fraction:.1%}"


def submit(page: Page, form_values: dict[str, str]) -> None:
    """Choose values in the view's pickers, then submit the form with its button."""
    for name, value in form_values.items():
        page.evaluate(f"document.querySelector('form.pickers [name={name}]').value = '{value}'")
    page.evaluate("document.body.dataset.state = 'submitted'")
    page.click("form.pickers button[type=submit]")


# --- the page and its files ---------------------------------------------------------------


def test_page_and_assets_are_local_and_strict(explorer: Explorer) -> None:
    response = explorer.http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == EXPLORER_CSP
    assert "unsafe-inline" not in EXPLORER_CSP
    assert "script-src 'self';" in EXPLORER_CSP
    again = explorer.http.get("/", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    # Every file the page names is the app's own (relative URLs, no CDN), and so are the
    # modules main.js imports.
    referenced = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert all(not re.match(r"([a-z]+:)?//", url) for url in referenced), referenced
    assets = [url for url in referenced if url.startswith("explorer/")]
    modules = [f"explorer/js/{path.name}" for path in (ROOT / "app/explorer/js").glob("*.js")]
    for asset in {*assets, *modules}:
        first = explorer.http.get(f"/{asset}")
        assert first.status_code == 200, asset
        assert first.headers["content-security-policy"] == EXPLORER_CSP
        revalidated = explorer.http.get(
            f"/{asset}", headers={"If-None-Match": first.headers["etag"]}
        )
        assert revalidated.status_code == 304, asset


def test_every_view_renders_on_a_phone_without_sideways_scrolling(
    explorer: Explorer, phone: Page
) -> None:
    for query in VIEWS:
        open_view(phone, explorer, query)
        clean(phone)
        # Wide tables scroll inside their own region; the page itself never does.
        assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), query
        shoot(phone, explorer, f"phone-{query.strip('?').replace('=', '-') or 'home'}")


def test_text_meets_contrast_and_controls_are_labelled(explorer: Explorer, page: Page) -> None:
    open_view(page, explorer, "?importer=US&mineral=gallium")
    worst = page.evaluate(CONTRAST)
    assert worst["ratio"] >= 4.5, worst
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('select, input')].filter((e) => !e.labels?.length)"
        ".map((e) => e.outerHTML)"
    )
    assert unlabelled == []
    assert page.evaluate("[...document.querySelectorAll('table')].every((t) => t.caption)")
    assert page.attribute("main", "aria-busy") == "false"


def test_the_keyboard_reaches_the_content_and_its_controls(explorer: Explorer, page: Page) -> None:
    open_view(page, explorer, "?mineral=gallium")
    focused = "document.activeElement.id || document.activeElement.className"
    page.press("Tab", key_code=9)
    assert page.evaluate(focused) == "skip"
    page.press("Enter", key_code=13)
    page.wait_for("document.activeElement.id === 'main'")
    # From the content on: the pickers in order, then the button that submits them.
    for expected in ("pick-mineral", "pick-year", "pick-form"):
        page.press("Tab", key_code=9)
        assert page.evaluate(focused) == expected
    page.press("Tab", key_code=9)
    assert page.evaluate("document.activeElement.type") == "submit"
    page.evaluate("document.body.dataset.state = 'submitted'")
    page.press("Enter", key_code=13)
    assert page.wait_ready() == "ready"
    shown = explorer.api("/v1/minerals/gallium/producers")
    query = f"?mineral=gallium&year={shown['year']}&form={shown['form']['slug']}"
    assert page.evaluate("location.search") == query
    assert page.text("#announce") == "Gallium: loaded"
    page.wait_for("document.activeElement.id === 'main'")


# The lowest WCAG contrast ratio of text on the page, against the first opaque background.
CONTRAST = """
(() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  let worst = {ratio: 99};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const e = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !e.checkVisibility()) continue;
    if (e.closest('.skip')) continue;
    const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: walker.currentNode.textContent.slice(0, 40)};
  }
  return worst;
})()
"""


# --- the views against the API's own answers ---------------------------------------------


def test_mineral_view_shows_the_api_numbers(explorer: Explorer, page: Page) -> None:
    supply = explorer.api("/v1/minerals/gallium/supply")
    producers = explorer.api("/v1/minerals/gallium/producers")
    mineral = explorer.api("/v1/minerals/gallium")
    china = next(row for row in producers["producers"] if row["country"]["iso2"] == "CN")
    hhi = supply["concentration"]["hhi"]

    open_view(page, explorer, "?mineral=gallium")
    clean(page)
    shoot(page, explorer, "mineral-gallium")
    assert page.text("h1").startswith(mineral["name"])
    assert number(page.attribute("[data-field=hhi]", "data-value")) == hhi
    assert f"{hhi:,.1f}" in page.text("[data-field=hhi]")
    share = page.attribute("tr[data-iso2=CN] td.share", "data-value")
    assert number(share) == china["share"]
    assert page.text("tr[data-iso2=CN] td.share") == percent(china["share"])
    top3 = supply["concentration"]["top3_share"]
    assert percent(top3) in page.text("[data-field=top3_share]")
    assert number(page.attribute("[data-field=flagged_share]", "data-value")) == pytest.approx(
        supply["flagged_share"]
    )
    # Every producer in the table, in the API's order; the chart names China with its share.
    rows = page.data("table.producers tbody tr", "iso2")
    assert rows == [row["country"]["iso2"] for row in producers["producers"]]
    label = page.attribute(".chart-plot", "aria-label") or ""
    assert f"China {percent(china['share'])}" in label
    assert page.evaluate("!!document.querySelector('.chart-plot canvas')")
    # The pickers offer the API's years and forms.
    years = page.evaluate("[...document.querySelector('#pick-year').options].map((o) => +o.value)")
    assert years == producers["available_years"]
    forms = page.evaluate("[...document.querySelector('#pick-form').options].map((o) => o.value)")
    assert forms == [form["slug"] for form in mineral["forms"]]


def test_year_and_form_pickers_change_the_figures(explorer: Explorer, page: Page) -> None:
    latest = explorer.api("/v1/minerals/gallium/supply")
    year = min(latest["available_years"])
    assert year != latest["year"]
    older = explorer.api("/v1/minerals/gallium/supply", year=year)
    open_view(page, explorer, "?mineral=gallium")
    submit(page, {"year": str(year)})
    assert page.wait_ready() == "ready"
    query = f"?mineral=gallium&year={year}&form={latest['form']['slug']}"
    assert page.evaluate("location.search") == query
    assert number(page.attribute("[data-field=hhi]", "data-value")) == older["concentration"]["hhi"]
    # A mineral of several forms: the form picker reaches each one.
    titanium = explorer.api("/v1/minerals/titanium")
    form = next(item["slug"] for item in titanium["forms"] if not item["is_default"])
    expected = explorer.api("/v1/minerals/titanium/producers", form=form)
    open_view(page, explorer, f"?mineral=titanium&form={form}")
    assert page.evaluate("document.querySelector('#pick-form').value") == form
    rows = page.data("table.producers tbody tr", "iso2")
    assert rows == [row["country"]["iso2"] for row in expected["producers"]]
    clean(page)


def facet_text(value: object) -> str:
    """A facet value as the page's data-value holds it (JavaScript's String(value))."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_country_view_shows_profile_records_and_history(explorer: Explorer, page: Page) -> None:
    profile = explorer.api("/v1/countries/CN/profile")
    record = explorer.api("/v1/countries/CN/minerals/gallium")
    history = explorer.api("/v1/countries/CN/minerals/gallium/history")

    open_view(page, explorer, "?country=CN&mineral=gallium")
    rows = page.data("table.profile tbody tr", "mineral")
    assert rows == [item["mineral"]["slug"] for item in profile["minerals"]]
    gallium = next(item for item in profile["minerals"] if item["mineral"]["slug"] == "gallium")
    production = gallium["production"][0]
    cell = page.text("tr[data-mineral=gallium] td.production")
    assert f"{production['value']:,.0f}" in cell
    assert percent(production["share"]) in cell
    # The linked pair's panel is open and loads its record, evidence and history.
    page.wait_for("document.querySelector('#status-gallium .panel-body').dataset.state === 'ready'")
    shoot(page, explorer, "country-CN")
    rows = "#status-gallium table.facets tbody tr"
    facets = dict(zip(page.data(rows, "facet"), page.data(rows, "value"), strict=True))
    assert facets == {name: facet_text(facet["value"]) for name, facet in record["facets"].items()}
    dates = page.texts("#status-gallium ol.timeline > li > time")
    assert dates == [change["as_of"] for change in history["items"]]
    clean(page)


def test_importer_view_sorts_and_breaks_the_score_down(explorer: Explorer, page: Page) -> None:
    summaries = explorer.api("/v1/exposure/importers/US", limit=500)["items"]
    exposure = explorer.api("/v1/exposure", importer="US", mineral="gallium")

    open_view(page, explorer, "?importer=US&mineral=gallium")
    shoot(page, explorer, "importer-US")
    rows = "table.exposure tbody tr"
    by_score = sorted(
        summaries, key=lambda item: -(item["score"] if item["score"] is not None else -1)
    )
    assert page.data(rows, "mineral") == [item["mineral"]["slug"] for item in by_score]
    assert page.attribute("th[data-key=score]", "aria-sort") == "descending"
    # Sorting by mineral, from the keyboard: focus the heading's button and press Enter.
    page.evaluate("document.querySelector('th[data-key=mineral] button').focus()")
    page.press("Enter", key_code=13)
    page.wait_for(
        "document.querySelector('th[data-key=mineral]').getAttribute('aria-sort') === 'ascending'"
    )
    by_name = sorted(summaries, key=lambda item: item["mineral"]["name"])
    assert page.data(rows, "mineral") == [item["mineral"]["slug"] for item in by_name]
    page.press("Enter", key_code=13)
    page.wait_for(
        "document.querySelector('th[data-key=mineral]').getAttribute('aria-sort') === 'descending'"
    )
    assert page.data(rows, "mineral") == [item["mineral"]["slug"] for item in reversed(by_name)]
    assert page.evaluate("location.search").endswith("sort=mineral&dir=desc")
    # The score, every component and every input as the API gives them.
    score = exposure["score"]
    assert number(page.attribute("[data-field=score]", "data-value")) == score["value"]
    components = page.data("table.components tbody tr", "component")
    assert components == [component["name"] for component in score["components"]]
    for component in score["components"]:
        row = f"tr[data-component={component['name']}]"
        for name, value in component["inputs"].items():
            shown = page.text(f"{row} dd[data-input={name}]")
            if value is None:
                assert shown == "\N{EN DASH}"
            elif isinstance(value, (bool, str)):
                assert shown == facet_text(value)
            else:
                assert float(shown) == value, (component["name"], name)
    clean(page)


# --- news: ingest an article, see its citation ------------------------------------------


@pytest.fixture(scope="module")
def ingested(explorer: Explorer) -> dict[str, Any]:
    """Our article, submitted through the API and enriched by the server's worker."""
    created = explorer.http.post(
        "/v1/articles",
        json={
            "text": ARTICLE,
            "title": "Gallium export ban announced",
            "outlet": "Explorer Test Wire",
            "published_at": "2026-11-02T09:00:00Z",
        },
        headers={"Authorization": f"Bearer {explorer.ingest_key}"},
    )
    assert created.status_code in (200, 202), created.text
    job = created.json()["job"]["id"]
    deadline = time.monotonic() + JOB_TIMEOUT_S
    state = "queued"
    while state in ("queued", "running") and time.monotonic() < deadline:
        state = explorer.api(f"/v1/jobs/{job}")["state"]
        if state in ("queued", "running"):
            time.sleep(0.1)  # polling the job's state, not waiting for a guessed time
    assert state == "succeeded", state
    citations = explorer.api("/v1/citations", country="CN", mineral="gallium")["items"]
    return next(item for item in citations if item["evidence"].startswith(BANNED))


@pytest.fixture
def reader(page: Page, ingested: dict[str, Any]) -> Page:
    """A tab of a reader who comes after the article: reads are `public, max-age=30`, so a
    browser that read the same URLs before the article may show them for 30 s more."""
    page.send("Network.clearBrowserCache")
    return page


def test_feed_shows_the_ingested_citation(
    explorer: Explorer, reader: Page, ingested: dict[str, Any]
) -> None:
    page = reader
    open_view(page, explorer, "?feed&country=CN&mineral=gallium")
    item = f"li[data-claim='{ingested['id']}']"
    assert page.text(f"{item} blockquote") == ingested["evidence"]
    caption = page.text(f"{item} figcaption")
    assert "Explorer Test Wire" in caption
    assert "2026-11-02" in caption
    shoot(page, explorer, "feed")
    # The status filter, through the form: every item shown has the status, as many as the API.
    expected = explorer.api("/v1/citations", status="export_restricted", limit=20)
    submit(page, {"country": "", "mineral": "", "status": "export_restricted"})
    assert page.wait_ready() == "ready"
    assert page.evaluate("location.search") == "?feed&status=export_restricted"
    statuses = page.data("ol.feed > li", "status")
    assert statuses == ["export_restricted"] * len(expected["items"])
    clean(page)


def test_feed_pages_with_the_cursor(explorer: Explorer, reader: Page) -> None:
    page = reader
    everything = explorer.api("/v1/citations", limit=500)["items"]
    assert len(everything) >= 2
    open_view(page, explorer, "?feed&limit=1")
    ids = [str(item["id"]) for item in everything]
    for count in range(1, len(everything)):
        assert page.data("ol.feed > li", "claim") == ids[:count]
        page.click("button.load-more")
        page.wait_for(f"document.querySelectorAll('ol.feed > li').length === {count + 1}")
    assert page.data("ol.feed > li", "claim") == ids
    page.wait_for("!document.querySelector('button.load-more')")
    assert "End of the feed." in page.text(".more")


def test_mineral_and_country_views_cite_the_ingested_article(
    explorer: Explorer, reader: Page, ingested: dict[str, Any]
) -> None:
    page = reader
    supply = explorer.api("/v1/minerals/gallium/supply")
    flagged = {item["country"]["iso2"]: item for item in supply["export_restricted"]["countries"]}
    # The sentence is a plain ban: its claim is above the status threshold, so China is flagged.
    assert "CN" in flagged, supply["export_restricted"]
    open_view(page, explorer, "?mineral=gallium")
    claim = f"figure[data-claim='{ingested['id']}']"
    quote = f".flag-group[data-flag=export_restricted] li[data-iso2=CN] {claim}"
    assert page.text(f"{quote} blockquote") == ingested["evidence"]
    assert "Explorer Test Wire" in page.text(f"{quote} figcaption")
    assert number(page.attribute("[data-field=flagged_share]", "data-value")) == pytest.approx(
        supply["flagged_share"]
    )
    assert page.text("tr[data-iso2=CN] td:last-child") == "export restricted"
    shoot(page, explorer, "mineral-gallium-flagged")
    # The country view opens flagged pairs by itself, with the claim in evidence and history.
    open_view(page, explorer, "?country=CN")
    page.wait_for("document.querySelector('#status-gallium .panel-body').dataset.state === 'ready'")
    evidence = f"#status-gallium .facet-evidence[data-facet=export_restricted] {claim}"
    assert "Explorer Test Wire" in page.text(evidence)
    history = explorer.api("/v1/countries/CN/minerals/gallium/history")["items"]
    changes = [item["as_of"] for item in history if item["facet"] == "export_restricted"]
    assert "2026-11-02" in changes
    shown = page.texts("#status-gallium ol.timeline > li[data-facet=export_restricted] > time")
    assert shown == changes
    shoot(page, explorer, "country-CN-flagged")
    clean(page)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "api"),
    [
        ("?mineral=unobtainium", "/v1/minerals/unobtainium"),
        ("?mineral=gallium&year=1990", "/v1/minerals/gallium/producers?year=1990"),
        ("?country=XQ", "/v1/countries/XQ/profile"),
        ("?feed&status=rumoured", "/v1/citations?status=rumoured&limit=20"),
    ],
    ids=["unknown-mineral", "year-not-held", "unknown-country", "bad-filter"],
)
def test_an_error_shows_the_problem_detail(
    explorer: Explorer, page: Page, query: str, api: str
) -> None:
    problem = explorer.http.get(api)
    assert problem.headers["content-type"].startswith("application/problem+json")
    body = problem.json()
    open_view(page, explorer, query, expect="error")
    assert page.attribute(".problem", "role") == "alert"
    assert page.text(".problem .detail") == body["detail"]
    assert page.text(".problem h1") == f"{body['title']} ({body['status']})"
    for error in body.get("errors", []):
        assert f"{error['name']}: {error['message']}" in page.texts(".problem .errors li")
    shoot(page, explorer, f"error-{query.strip('?').replace('=', '-').replace('&', '_')}")
    clean(page)


# --- minerals without statistics -----------------------------------------------------------


def test_a_mineral_without_statistics_is_a_note_not_an_error(
    explorer: Explorer, page: Page
) -> None:
    answer = explorer.http.get("/v1/minerals/cerium/producers")
    assert answer.status_code == 200
    assert answer.json()["known"] is False
    open_view(page, explorer, "?mineral=cerium")
    assert page.text(".notice .detail") == answer.json()["detail"]
    assert page.text("h1").startswith("Cerium")
    assert page.text("#pick-mineral option[value=cerium]") == "Cerium (no statistics)"
    assert page.text("#pick-mineral option[value=gallium]") == "Gallium"
    open_view(page, explorer, "")
    assert "Cerium" in page.texts("ul.mineral-list.muted li")
    assert "Cerium" not in page.texts("ul.mineral-list:not(.muted) li")
    clean(page)


# --- the calls any client could make -------------------------------------------------------


def test_the_page_makes_only_calls_any_client_can_make(explorer: Explorer, page: Page) -> None:
    document = explorer.api("/openapi.json")
    operations = {
        path: {parameter["name"] for parameter in item["get"].get("parameters", [])}
        for path, item in document["paths"].items()
        if "get" in item
    }
    origin = urlsplit(explorer.base)
    for query in [*VIEWS, "?country=CN&mineral=gallium", "?importer=US&mineral=gallium"]:
        open_view(page, explorer, query)
        page.wait_for("!document.querySelector('.panel-body[data-state=loading]')")
        calls = [request for request in page.requests() if "/v1/" in request["url"]]
        assert calls, query
        for request in calls:
            url = urlsplit(request["url"])
            assert (url.scheme, url.netloc) == (origin.scheme, origin.netloc), request["url"]
            assert request["method"] == "GET"
            # No credentials, no custom header: a simple CORS request, no preflight.
            sent = {name.lower() for name in request["headers"]}
            assert sent <= {"accept", "referer", "user-agent"} | {
                name for name in sent if name.startswith("sec-ch-")
            }, sent
            template = _operation(url.path, operations)
            assert template, url.path
            assert {name for name, _ in parse_qsl(url.query)} <= operations[template], url
        for response in _responses(page):
            if "/v1/" in response["url"] and response["status"] == 200:
                headers = {name.lower(): value for name, value in response["headers"].items()}
                direct = explorer.http.get(response["url"])
                assert headers.get("cache-control") == direct.headers["cache-control"]
                assert headers.get("etag"), response["url"]
        page.goto("about:blank")


def _responses(page: Page) -> list[dict[str, Any]]:
    return [
        event["params"]["response"]
        for event in page.events
        if event["method"] == "Network.responseReceived"
    ]


def _operation(path: str, operations: dict[str, set[str]]) -> str | None:
    parts = path.strip("/").split("/")
    for template in operations:
        pieces = template.strip("/").split("/")
        if len(pieces) == len(parts) and all(
            piece.startswith("{") or piece == part
            for piece, part in zip(pieces, parts, strict=True)
        ):
            return template
    return None
