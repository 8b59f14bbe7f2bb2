// An importer's exposure: the score of every mineral (GET /v1/exposure/importers/{iso2}),
// sortable by any column, and one mineral's score with every component and its inputs,
// import reliance and import sources, and flagged suppliers (GET /v1/exposure).

import { getAll, getJson, once } from "./api.js";
import { barChart } from "./chart.js";
import { UNKNOWN, badge, block, citation, countryLink, decimal, externalLink, facts, h, mineralLink, note, percent,
  pickers, section, select, share, table, viewLink, words } from "./dom.js";

const COLUMNS = [
  { key: "mineral", label: "Mineral", value: (item) => item.mineral.name, text: null },
  { key: "score", label: "Score (0-100)", value: (item) => item.score, text: decimal },
  { key: "coverage", label: "Coverage", value: (item) => item.coverage, text: share },
  { key: "import_reliance_percent", label: "Net import reliance", value: (item) => item.import_reliance_percent, text: percent },
  { key: "hhi", label: "Production HHI", value: (item) => item.hhi, text: decimal },
  { key: "flagged_supply_share", label: "World supply flagged", value: (item) => item.flagged_supply_share, text: share },
  { key: "flagged_import_share", label: "Imports flagged", value: (item) => item.flagged_import_share, text: share },
];

// Unknown values sort last whatever the direction.
function compare(column, direction) {
  return (a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return direction === "ascending" ? order : -order;
  };
}

export async function importerView(params, { signal, navigate }) {
  const code = params.get("importer").toUpperCase();
  const [items, countries] = await Promise.all([
    getAll(`v1/exposure/importers/${encodeURIComponent(code)}`, {}, { signal }),
    once("v1/countries"),
  ]);
  const importer = items[0]?.importer ?? countries.find((country) => country.iso2 === code);
  const scored = items.filter((item) => item.score !== null).sort(compare(COLUMNS[1], "descending"));
  const chosen = params.get("mineral") || scored[0]?.mineral.slug || items[0]?.mineral.slug;
  const detail = chosen ? await getJson("v1/exposure", { importer: code, mineral: chosen }, { signal }) : null;

  const chart = scored.length
    ? barChart(
        `Exposure score of ${importer.name} by mineral (0-100)`,
        scored.map((item) => ({ label: item.mineral.name, value: item.score, text: decimal(item.score) })),
        { unit: "" },
      )
    : null;
  const sortKey = params.get("sort") || "score";
  const node = h(
    "article",
    { class: "view importer", dataset: { importer: code } },
    h("h1", {}, `${importer.name}: import exposure`),
    h("p", { class: "lede" }, "How exposed an importer is to each mineral's supply: a 0-100 score whose every component and input is shown."),
    pickers(
      "Choose an importer",
      [select("Importer", "importer", countries.map((item) => [item.iso2, item.name]), code)],
      (values) => navigate({ importer: values.importer }),
    ),
    h("p", { class: "related" }, viewLink({ country: code }, `Country profile: ${importer.name}`)),
    items.length
      ? section(
          "Minerals",
          chart ? chart.figure : note("No score is known: Orewatch holds too little for this importer (see coverage)."),
          sortableTable(items, code, chosen, sortKey, params.get("dir")),
        )
      : note(`No exposure summaries for ${importer.name}.`),
    detail ? exposureDetail(detail) : null,
  );
  return { title: `${importer.name} exposure`, node, mounted: chart?.draw };
}

const defaultDirection = (key) => (key === "mineral" ? "ascending" : "descending");

// The table sorts in place (no new request); the URL keeps the order (?sort=&dir=).
function sortableTable(items, code, chosen, sortKey, sortDir) {
  const tbody = h("tbody");
  const key = COLUMNS.some((column) => column.key === sortKey) ? sortKey : "score";
  const dir = { asc: "ascending", desc: "descending" }[sortDir] ?? defaultDirection(key);
  let state = { key, dir };
  const rows = items.map((item) =>
    h(
      "tr",
      { dataset: { mineral: item.mineral.slug }, "aria-current": item.mineral.slug === chosen ? "true" : null },
      h("th", { scope: "row" }, viewLink({ importer: code, mineral: item.mineral.slug }, item.mineral.name)),
      COLUMNS.slice(1).map((column) =>
        h("td", { class: "num", dataset: { key: column.key, value: column.value(item) ?? "" } }, column.text(column.value(item))),
      ),
    ),
  );
  const headers = COLUMNS.map((column) =>
    h(
      "th",
      { scope: "col", dataset: { key: column.key } },
      h("button", { type: "button", class: "sort", on: { click: () => toggle(column.key) } }, column.label),
    ),
  );
  const apply = () => {
    const column = COLUMNS.find((candidate) => candidate.key === state.key);
    const order = items.map((item, index) => [item, rows[index]]).sort(([a], [b]) => compare(column, state.dir)(a, b));
    tbody.replaceChildren(...order.map(([, row]) => row));
    for (const header of headers) header.setAttribute("aria-sort", header.dataset.key === state.key ? state.dir : "none");
  };
  const toggle = (key) => {
    const flipped = state.dir === "ascending" ? "descending" : "ascending";
    state = { key, dir: state.key === key ? flipped : defaultDirection(key) };
    apply();
    const url = new URL(location.href);
    url.searchParams.set("sort", key);
    url.searchParams.set("dir", state.dir === "ascending" ? "asc" : "desc");
    history.replaceState(null, "", url);
  };
  apply();
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Exposure per mineral" },
    h(
      "table",
      { class: "exposure" },
      h("caption", {}, "Exposure per mineral: choose a column heading to sort"),
      h("thead", {}, h("tr", {}, headers)),
      tbody,
    ),
  );
}

function inputs(values) {
  const entries = Object.entries(values);
  if (!entries.length) return null;
  return h(
    "dl",
    { class: "inputs" },
    entries.map(([name, value]) => h("div", {}, h("dt", {}, words(name)), h("dd", { dataset: { input: name } }, value === null ? "–" : String(value)))),
  );
}

function sourceList(list) {
  return list.length ? h("ul", { class: "sources" }, list.map((source) => h("li", {}, externalLink(source.url, source.title)))) : null;
}

function exposureDetail(exposure) {
  const { score } = exposure;
  const title = `${exposure.importer.name} × ${exposure.mineral.name}`;
  const components = score.components.map((component) =>
    h(
      "tr",
      { dataset: { component: component.name } },
      h("th", { scope: "row" }, words(component.name)),
      h("td", { class: "num", dataset: { label: "Weight" } }, decimal(component.weight * 100), "%"),
      h("td", { dataset: { label: "Known" } }, component.known ? "yes" : "no"),
      h(
        "td",
        { class: "num", dataset: { label: "Value", value: component.value ?? "" } },
        component.value === null ? UNKNOWN : component.value.toFixed(3),
      ),
      h("td", { class: "num", dataset: { label: "Weighted" } }, component.weighted === null ? "–" : component.weighted.toFixed(3)),
      h(
        "td",
        { class: "how" },
        h("p", {}, component.reason),
        inputs(component.inputs),
        sourceList(component.sources),
        component.citations.map(citation),
      ),
    ),
  );
  return h(
    "section",
    { class: "exposure-detail", "aria-labelledby": "exposure-title", dataset: { mineral: exposure.mineral.slug } },
    h("h2", { id: "exposure-title" }, title),
    facts(
      [
        ["Exposure score (0-100)", h("strong", {}, decimal(score.value)), { dataset: { field: "score", value: score.value ?? "" } }],
        ["Coverage (weights known)", share(score.coverage), { dataset: { field: "coverage", value: score.coverage } }],
        score.reason ? ["Why no score", score.reason] : null,
      ],
      { class: "facts key" },
    ),
    h("p", { class: "formula" }, h("strong", {}, "Formula: "), score.formula),
    table(`Score components: ${title}`, ["Component", "Weight", "Known", "Value (0-1)", "Weighted", "How, from which inputs"], components, {
      class: "components stack",
    }),
    reliance(exposure.import_reliance),
    suppliers(exposure.supplier_flags),
    h("p", { class: "related" }, mineralLink(exposure.mineral), ": producers, concentration and flags"),
  );
}

function reliance(report) {
  if (!report.known) return block("reliance", "Net import reliance", note(report.reason));
  return block(
    "reliance",
    `Net import reliance: ${percent(report.percent)}`,
    report.series.map((series) =>
      h(
        "div",
        { class: "series" },
        h("p", {}, `${series.value_text} (${words(series.interpretation)}) in ${series.year}: ${series.basis}`, series.form ? ` (${series.form})` : "", " — ", externalLink(series.source.url, series.source.title)),
        series.import_sources
          ? [
              h("p", { class: "muted" }, `Import sources ${series.import_sources.period ?? ""}: ${series.import_sources.text}`),
              series.import_sources.groups.map((group) =>
                table(
                  `Import sources${group.label ? `: ${group.label}` : ""}${group.used_for_score ? " (used for the score)" : ""}`,
                  ["Source", "Share of imports"],
                  group.sources.map((source) =>
                    h("tr", {}, h("th", { scope: "row" }, source.country ? countryLink(source.country) : source.name), h("td", { class: "num" }, percent(source.percent))),
                  ),
                  { class: "import-sources" },
                ),
              ),
            ]
          : null,
      ),
    ),
  );
}

function suppliers(flags) {
  return block(
    "suppliers",
    "Flagged suppliers",
    flags.length
      ? h(
          "ul",
          { class: "flagged" },
          flags.map((flag) =>
            h(
              "li",
              { dataset: { iso2: flag.country.iso2 } },
              h(
                "p",
                {},
                countryLink(flag.country),
                ` (${flag.roles.map(words).join(", ")}): `,
                flag.production_share !== null ? `${share(flag.production_share)} of world production; ` : "",
                flag.import_percent !== null ? `${percent(flag.import_percent)} of imports; ` : "",
                flag.export_restricted ? badge("export restricted", "flag") : null,
                flag.disrupted ? badge("disrupted", "flag") : null,
              ),
              flag.citations.map(citation),
            ),
          ),
        )
      : note("No producer or import source is flagged export restricted or disrupted."),
  );
}
