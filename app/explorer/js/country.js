// A country: its minerals with production, reserves and import reliance
// (GET /v1/countries/{iso2}/profile); for each, the status record with its evidence
// (GET /v1/countries/{iso2}/minerals/{slug}) and its history as a timeline (.../history),
// loaded when its panel is opened. Claims in the evidence are matched to their citations
// (GET /v1/citations?country=&mineral=) for the outlet, date and link.

import { getAll, getJson, once } from "./api.js";
import { UNKNOWN, badge, block, citation, day, externalLink, figure, h, mineralLink, note, pickers, problemBox,
  section, select, share, table, viewLink, words } from "./dom.js";

const FLAG_FACETS = ["export_restricted", "disrupted", "developing"];
const FACETS = ["production", "market_position", "reserves", "import_dependent", ...FLAG_FACETS];

export async function countryView(params, { signal, navigate }) {
  const code = params.get("country").toUpperCase();
  const focus = params.get("mineral");
  const [profile, countries] = await Promise.all([
    getJson(`v1/countries/${encodeURIComponent(code)}/profile`, {}, { signal }),
    once("v1/countries"),
  ]);
  const country = profile.country;
  const panels = profile.minerals.map((item) => statusPanel(country, item, item.mineral.slug === focus));
  const node = h(
    "article",
    { class: "view country", dataset: { country: country.iso2 } },
    h("h1", {}, country.name),
    h("p", { class: "lede" }, [country.subregion, country.region].filter(Boolean).join(", ")),
    pickers(
      "Choose a country",
      [select("Country", "country", countries.map((item) => [item.iso2, item.name]), country.iso2)],
      (values) => navigate({ country: values.country }),
    ),
    h(
      "p",
      { class: "related" },
      viewLink({ importer: country.iso2 }, `${country.name} as an importer`),
      " · ",
      viewLink({ feed: "", country: country.iso2 }, `News about ${country.name}`),
    ),
    profile.minerals.length
      ? [
          section("Minerals", mineralTable(profile.minerals)),
          section(
            "Status records",
            note("What Orewatch derives for each mineral from statistics and news: open one for its evidence and history."),
            panels.map((panel) => panel.node),
          ),
        ]
      : note(`Orewatch holds no statistics and no status records for ${country.name}.`),
  );
  const mounted = () => {
    for (const panel of panels) if (panel.node.open) panel.load();
    const opened = panels.find((panel) => panel.focus);
    opened?.node.scrollIntoView({ block: "start" });
  };
  return { title: country.name, node, mounted };
}

function figures(list, withShare) {
  if (!list.length) return "–";
  return list.map((item) =>
    h(
      "div",
      { dataset: { form: item.form } },
      `${figure(item.value_text)} ${item.unit}`,
      h("span", { class: "muted" }, ` (${item.form}, ${item.year})`),
      withShare && item.share !== null ? h("span", { class: "share", dataset: { value: item.share } }, `, ${share(item.share)} of world`) : null,
      item.rank ? `, rank ${item.rank}` : null,
    ),
  );
}

function flagBadges(status) {
  if (!status) return [];
  return FLAG_FACETS.filter((flag) => status[flag] === true).map((flag) => badge(words(flag), "flag"));
}

function mineralTable(minerals) {
  const rows = minerals.map((item) =>
    h(
      "tr",
      { dataset: { mineral: item.mineral.slug } },
      h("th", { scope: "row" }, mineralLink(item.mineral)),
      h("td", { class: "production", dataset: { label: "Production" } }, figures(item.production, true)),
      h("td", { class: "reserves", dataset: { label: "Reserves" } }, figures(item.reserves, false)),
      h(
        "td",
        { class: "reliance", dataset: { label: "Net import reliance" } },
        item.import_reliance.length
          ? item.import_reliance.map((series) => h("div", {}, `${series.value_text}%`, h("span", { class: "muted" }, ` (${series.year}; ${series.basis})`)))
          : "–",
      ),
      h("td", { dataset: { label: "Status" } }, item.status ? [words(item.status.production), ", ", words(item.status.market_position), " ", flagBadges(item.status)] : UNKNOWN),
    ),
  );
  return table("Latest figures and status per mineral", ["Mineral", "Production", "Reserves", "Net import reliance", "Status"], rows, {
    class: "profile stack",
  });
}

// A <details> panel per mineral; its record, citations and history load on first open.
// Panels of flagged pairs, and the one the link names, start open.
function statusPanel(country, item, focus) {
  const flagged = FLAG_FACETS.some((flag) => item.status?.[flag] === true);
  const body = h("div", { class: "panel-body", dataset: { state: "idle" } });
  const node = h(
    "details",
    { class: "status-panel", open: focus || flagged, id: `status-${item.mineral.slug}`, dataset: { mineral: item.mineral.slug } },
    h("summary", {}, h("span", { class: "summary-title" }, item.mineral.name), " ", flagBadges(item.status)),
    body,
  );
  let started = false;
  const load = async () => {
    if (started) return;
    started = true;
    body.dataset.state = "loading";
    body.setAttribute("aria-busy", "true");
    body.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading the status record…"));
    const base = `v1/countries/${country.iso2}/minerals/${encodeURIComponent(item.mineral.slug)}`;
    try {
      const [record, history, citations] = await Promise.all([
        getJson(base),
        getAll(`${base}/history`),
        getAll("v1/citations", { country: country.iso2, mineral: item.mineral.slug }),
      ]);
      const byClaim = new Map(citations.map((entry) => [entry.id, entry]));
      body.replaceChildren(facetTable(record), evidence(record, byClaim), timeline(history, byClaim));
      body.dataset.state = "ready";
    } catch (error) {
      body.replaceChildren(problemBox(error, "h3"));
      body.dataset.state = "error";
      started = false;
    }
    body.setAttribute("aria-busy", "false");
  };
  node.addEventListener("toggle", () => node.open && load());
  return { node, load, focus };
}

function facetTable(record) {
  const rows = FACETS.map((name) => {
    const facet = record.facets[name];
    return h(
      "tr",
      { dataset: { facet: name, value: String(facet.value) } },
      h("th", { scope: "row" }, words(name)),
      h("td", {}, h("strong", {}, words(facet.value))),
      h("td", {}, words(facet.basis)),
      h("td", {}, facet.as_of ?? "–"),
      h("td", {}, facet.since ?? "–"),
      h("td", {}, facet.reason),
    );
  });
  return table(`Status record: ${record.country.name} × ${record.mineral.name}`, ["Facet", "Value", "Basis", "As of", "Since", "Reason"], rows, {
    class: "facets",
  });
}

function evidenceItem(item, byClaim) {
  if (item.kind === "claim") {
    const cited = byClaim.get(item.claim_id);
    if (cited) return citation(cited);
    return h("figure", { class: "citation" }, h("blockquote", {}, h("p", {}, item.sentence)), h("figcaption", {}, `claim ${item.claim_id}, ${item.dated ?? UNKNOWN}`));
  }
  return h(
    "p",
    { class: "statistic" },
    `${words(item.kind)}: ${figure(item.value_text)} ${item.unit ?? ""}`,
    item.form || item.year ? ` (${[item.form, item.year].filter(Boolean).join(", ")})` : "",
    item.share !== null ? `, ${share(item.share)} of world` : "",
    item.basis ? `, ${item.basis}` : "",
    item.source ? [" — ", externalLink(item.source.url, item.source.title)] : "",
  );
}

function evidence(record, byClaim) {
  const withEvidence = FACETS.filter((name) => record.facets[name].evidence.length);
  if (!withEvidence.length) return note("No evidence: nothing is known of this pair yet.");
  return block(
    "evidence",
    "Evidence",
    withEvidence.map((name) =>
      h(
        "div",
        { class: "facet-evidence", dataset: { facet: name } },
        h("h4", {}, `${words(name)}: ${words(record.facets[name].value)}`),
        record.facets[name].evidence.map((item) => evidenceItem(item, byClaim)),
      ),
    ),
  );
}

function timeline(history, byClaim) {
  return block(
    "history",
    "History",
    history.length
      ? h(
          "ol",
          { class: "timeline", "aria-label": "Changes of the record, newest first" },
          history.map((change) =>
            h(
              "li",
              { dataset: { facet: change.facet } },
              h("time", { datetime: change.as_of ?? "" }, change.as_of ?? day(change.changed_at)),
              h(
                "p",
                {},
                h("strong", {}, words(change.facet)),
                `: ${words(change.old_value)} → ${words(change.new_value)}`,
                h("span", { class: "muted" }, ` (${words(change.basis)}; ${change.reason})`),
              ),
              change.evidence.filter((item) => item.kind === "claim").map((item) => evidenceItem(item, byClaim)),
            ),
          ),
        )
      : note("No changes recorded."),
  );
}
