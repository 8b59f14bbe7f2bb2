"""Can the pipeline run here? Checked once per process, at start-up.

trafilatura and its own dependencies are imported lazily (only HTML needs them), so a
broken install (with an older pip, `lxml_html_clean` was left out and trafilatura failed
to import) used to pass every start-up check and fail every HTML and URL article instead.
The check imports each library the pipeline needs and runs a small page through it.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache

from app.enrichment.pipeline import extract

logger = logging.getLogger("orewatch.enrichment")

# Imported lazily by the pipeline (trafilatura) or by trafilatura itself, leaves first so
# the message names the missing distribution rather than the library that needed it.
REQUIRED_MODULES = ("lxml_html_clean", "lxml.html.clean", "justext", "htmldate", "trafilatura")
SAMPLE_PAGE = (
    "<html><head><title>Gallium curbs</title></head><body><article><p>China restricted "
    "exports of gallium in 2023, according to a notice its trade officials published.</p>"
    "</article></body></html>"
)


@cache
def pipeline_problem() -> str | None:
    """None when the pipeline works, else a short reason for operators (details are logged)."""
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # ImportError, or a module that breaks as it loads
            logger.error("enrichment pipeline: cannot import %s: %s", name, exc)
            return f"a dependency of the enrichment pipeline cannot be imported: {name}"
    try:
        extraction = extract(SAMPLE_PAGE, content_type="text/html")
    except Exception as exc:  # anything at all: the pipeline is unusable
        logger.exception("enrichment pipeline: the sample page failed")
        return f"the enrichment pipeline fails on a sample page ({type(exc).__name__})"
    if not any(country.key == "CN" for country in extraction.countries):
        logger.error("enrichment pipeline: the sample page gave %r", extraction.countries)
        return "the enrichment pipeline finds nothing in a sample page"
    return None
