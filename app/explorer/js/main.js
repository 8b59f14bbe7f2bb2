// The explorer's router: the query string names the view (deep links such as
// ?mineral=gallium, ?country=CN, ?importer=US, ?feed), each view fetches what it shows
// from /v1 and returns its content; this module shows the loading and error states.
//
// <body data-state> is "loading", "ready" or "error" (and data-view names the view), so a
// test, or a reader's assistive technology through aria-busy, knows when a view is done.

import { h, problemBox, viewQuery } from "./dom.js";
import { countryView } from "./country.js";
import { feedView } from "./feed.js";
import { homeView } from "./home.js";
import { importerView } from "./importer.js";
import { mineralView } from "./mineral.js";

const main = document.getElementById("main");
// Says, for screen readers, what a view change brought (the view itself is not a live
// region: it would be read out whole).
const announce = document.getElementById("announce");
let current = null;

// ?feed and ?importer take country and mineral as filters, so they are looked at first.
function pick(params) {
  if (params.has("feed")) return ["feed", feedView];
  if (params.has("importer")) return ["importer", importerView];
  if (params.has("country")) return ["country", countryView];
  if (params.has("mineral")) return ["mineral", mineralView];
  return ["home", homeView];
}

// Go to another view: a new history entry, then render it.
export function navigate(params, { replace = false } = {}) {
  const url = new URL(viewQuery(params), location.href);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render({ focus: true });
}

async function render({ focus = false } = {}) {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const params = new URLSearchParams(location.search);
  const [name, view] = pick(params);
  document.body.dataset.state = "loading";
  document.body.dataset.view = name;
  main.setAttribute("aria-busy", "true");
  main.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading…"));
  for (const link of document.querySelectorAll("header.site [data-section]")) {
    if (link.dataset.section === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  let state = "ready";
  try {
    const result = await view(params, { signal: controller.signal, navigate });
    if (controller.signal.aborted) return;
    document.title = `${result.title} · Orewatch explorer`;
    main.replaceChildren(result.node);
    announce.textContent = `${result.title}: loaded`;
    result.mounted?.();
  } catch (error) {
    if (controller.signal.aborted || error.name === "AbortError") return;
    document.title = "Error · Orewatch explorer";
    announce.textContent = `Error: ${error.problem?.detail ?? error.message}`;
    main.replaceChildren(problemBox(error), h("p", {}, h("a", { href: "./", dataset: { view: "" } }, "Back to the overview")));
    state = "error";
  }
  main.setAttribute("aria-busy", "false");
  document.body.dataset.state = state;
  if (focus) main.focus();
}

// Links to other views change the view without a page load (a new tab still works).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-view], header.site a[data-section]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(new URL(link.href).searchParams);
});
window.addEventListener("popstate", () => render({ focus: true }));
// The skip link moves the focus without a history entry (a #main entry would re-render).
document.querySelector("a.skip").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});
render();
