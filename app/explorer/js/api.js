// Calls to the public Orewatch API, exactly as any browser client makes them: plain GETs
// with an Accept header (a CORS-safelisted request: no preflight), no credentials, the
// browser's own HTTP cache (every read carries an ETag; a revalidation answers 304).
//
// The API base is the page's own directory, or <html data-api="https://api.example.com/">
// when the page is served apart from the API (the API must then list the page's origin in
// OREWATCH_CORS_ORIGINS).

const API_BASE = new URL(document.documentElement.dataset.api || ".", document.baseURI);

// An error answer of the API: the RFC 9457 problem document, or one made up for answers
// that are not one (network failure, a proxy's HTML page).
export class ApiProblem extends Error {
  constructor(problem, url) {
    super(problem.detail || problem.title || "Request failed");
    this.problem = problem;
    this.url = url;
  }
  get status() {
    return this.problem.status;
  }
}

export function apiUrl(path, params = {}) {
  const url = new URL(path, API_BASE);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  return url;
}

export async function getJson(path, params = {}, { signal } = {}) {
  const url = apiUrl(path, params);
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiProblem(
      { title: "API unreachable", status: 0, detail: `No answer from ${url.origin}: ${error.message}` },
      url,
    );
  }
  const type = response.headers.get("Content-Type") || "";
  if (response.ok) return response.json();
  if (type.includes("json")) throw new ApiProblem(await response.json(), url);
  const text = (await response.text()).slice(0, 200);
  throw new ApiProblem(
    { title: response.statusText || "Error", status: response.status, detail: text },
    url,
  );
}

// Every item of a list operation, following next_cursor until it is null.
export async function getAll(path, params = {}, options = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await getJson(path, { ...params, limit: 500, cursor }, options);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

// Run requests in parallel, but report failures in the order they were given, so the
// same page always shows the same problem.
export async function all(promises) {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === "rejected") throw result.reason;
  return results.map((result) => result.value);
}

// Lists every page needs for its pickers, fetched once per visit.
const shared = new Map();
export function once(path, params = {}) {
  const key = apiUrl(path, params).href;
  if (!shared.has(key)) {
    const request = getAll(path, params);
    request.catch(() => shared.delete(key));
    shared.set(key, request);
  }
  return shared.get(key);
}
