import { ApiProblem } from "./api.js";

// Building the page from data without HTML strings: elements and text nodes only (the
// page's policy requires Trusted Types, so no HTML string could be assigned anyway), and no
// style attributes (the policy forbids inline styles; classes do the styling).

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "on") for (const [event, fn] of Object.entries(value)) element.addEventListener(event, fn);
    else if (name === "style") throw new Error("no inline styles: use a class");
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// --- formatting: one locale, so every reader (and the tests) sees the same text --------

const LOCALE = "en-US";
const percentFormat = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

export const UNKNOWN = "unknown";

// A fraction (0.986842) as a percent ("98.7%").
export function share(value) {
  return value === null || value === undefined ? UNKNOWN : percentFormat.format(value);
}

// An HHI or a score with one decimal ("9,739.5").
export function decimal(value) {
  return value === null || value === undefined ? UNKNOWN : oneDecimal.format(value);
}

// A percent given as 0-100 ("85%").
export function percent(value) {
  return value === null || value === undefined ? UNKNOWN : `${plain.format(value)}%`;
}

// A figure as printed by its source: "750000" becomes "750,000"; "W", ">95" stay as they are.
export function figure(valueText) {
  if (valueText === null || valueText === undefined) return UNKNOWN;
  return /^-?\d+(\.\d+)?$/.test(valueText) ? plain.format(Number(valueText)) : valueText;
}

export function day(timestamp) {
  return timestamp ? String(timestamp).slice(0, 10) : UNKNOWN;
}

// Vocabulary words ("export_restricted") as words ("export restricted").
export function words(value) {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null || value === undefined) return UNKNOWN;
  return String(value).replaceAll("_", " ");
}

// The HHI bands of the US merger guidelines (2023): a reading aid, not an API field.
export function hhiBand(hhi) {
  if (hhi === null || hhi === undefined) return "";
  if (hhi > 1800) return "highly concentrated";
  if (hhi >= 1000) return "moderately concentrated";
  return "unconcentrated";
}

// --- building blocks -------------------------------------------------------------------

// The query string of a view: empty values left out, `feed` a flag without a value.
export function viewQuery(params) {
  const kept = [...new URLSearchParams(params)].filter(([name, value]) => value !== "" || name === "feed");
  const query = new URLSearchParams(kept).toString().replace(/^feed=(&|$)/, "feed$1");
  return query ? `?${query}` : "./";
}

// A link to another view of the explorer (handled by the router, no page load).
export function viewLink(params, ...children) {
  return h("a", { href: viewQuery(params), dataset: { view: "" } }, ...children);
}

export function countryLink(country) {
  return viewLink({ country: country.iso2 }, country.name);
}

export function mineralLink(mineral) {
  return viewLink({ mineral: mineral.slug }, mineral.name);
}

export function externalLink(url, text) {
  return url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, text) : text;
}

export function badge(text, kind = "") {
  return h("span", { class: `badge ${kind}`.trim() }, text);
}

// A definition list from [term, description, attributes] rows.
export function facts(rows, attrs = {}) {
  return h(
    "dl",
    { class: "facts", ...attrs },
    rows.filter(Boolean).map(([term, description, ddAttrs = {}]) => [
      h("div", {}, h("dt", {}, term), h("dd", ddAttrs, description)),
    ]),
  );
}

export function section(title, ...children) {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

// A table that scrolls sideways on a narrow screen rather than squeezing its columns.
export function table(caption, headers, rows, attrs = {}) {
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      attrs,
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, headers.map((header) => (header instanceof Node ? header : h("th", { scope: "col" }, header))))),
      h("tbody", {}, rows),
    ),
  );
}

// A titled part of a section: a class, an <h3>, its content.
export function block(className, title, ...children) {
  return h("div", { class: className }, h("h3", {}, title), ...children);
}

export function note(...children) {
  return h("p", { class: "note" }, ...children);
}

// One citation: the verbatim sentence and where it was said.
export function citation(item) {
  const article = item.article || {};
  return h(
    "figure",
    { class: "citation", dataset: { claim: item.id } },
    h("blockquote", {}, h("p", {}, item.evidence)),
    h(
      "figcaption",
      {},
      article.outlet || "Unknown outlet",
      ", ",
      h("time", { datetime: day(article.published_at || item.dated_at) }, day(article.published_at || item.dated_at)),
      " — ",
      externalLink(article.url, article.title || `article ${article.id}`),
      h("span", { class: "confidence" }, ` (confidence ${plain.format(item.confidence)})`),
    ),
  );
}

// A labelled <select>.
export function select(label, name, options, selected) {
  const id = `pick-${name}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h(
      "select",
      { id, name },
      options.map(([value, text]) => h("option", { value, selected: String(value) === String(selected) }, text)),
    ),
  );
}

// A form of pickers: submitting it (button or Enter) hands its values to `onSubmit`, so
// moving through a list with the arrow keys never navigates by itself.
export function pickers(label, fields, onSubmit, button = "Show") {
  return h(
    "form",
    {
      class: "pickers",
      "aria-label": label,
      on: {
        submit: (event) => {
          event.preventDefault();
          onSubmit(Object.fromEntries(new FormData(event.target)));
        },
      },
    },
    fields,
    h("button", { type: "submit" }, button),
  );
}

// The problem an API call answered (RFC 9457): its title and status, the `detail` meant
// for people, each bad parameter, and the request that got it.
export function problemBox(error, heading = "h1") {
  const problem = error instanceof ApiProblem ? error.problem : { title: "Error", detail: String(error) };
  return h(
    "section",
    { class: "problem", role: "alert", dataset: { status: problem.status ?? "" } },
    h(heading, {}, problem.status ? `${problem.title} (${problem.status})` : problem.title),
    h("p", { class: "detail" }, problem.detail || "The API gave no detail."),
    problem.errors?.length
      ? h("ul", { class: "errors" }, problem.errors.map((item) => h("li", {}, h("code", {}, item.name), `: ${item.message}`)))
      : null,
    h(
      "p",
      { class: "meta" },
      error.url ? ["Request: ", h("code", {}, `GET ${error.url.pathname}${error.url.search}`)] : null,
      problem.type ? [" · type ", h("code", {}, problem.type)] : null,
    ),
  );
}
