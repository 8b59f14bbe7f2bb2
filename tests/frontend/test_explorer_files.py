"""The explorer's files: package data an installed package serves, and uPlot as npm ships it."""

from __future__ import annotations

import fnmatch
import re
import tomllib

import pytest

from tests.processes import ROOT

EXPLORER = ROOT / "app" / "explorer"
UPLOT = ROOT / "sdk" / "node_modules" / "uplot"


def test_every_explorer_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["app"]
    files = [
        path.relative_to(ROOT / "app").as_posix() for path in EXPLORER.rglob("*") if path.is_file()
    ]
    assert "explorer/index.html" in files
    missing = [name for name in files if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert missing == []


def test_the_vendored_uplot_is_the_npm_package_with_its_license() -> None:
    """app/explorer/vendor/ holds uPlot's files byte for byte as the version sdk/ pins."""
    if not UPLOT.exists():
        pytest.skip("sdk/node_modules is not installed (make sdk-deps)")
    pinned = (ROOT / "sdk" / "package.json").read_text()
    version = re.search(r'"uplot": "([\d.]+)"', pinned)
    assert version is not None
    assert f"(v{version.group(1)})" in (EXPLORER / "vendor" / "uPlot.iife.min.js").read_text()[:80]
    pairs = {
        "uPlot.iife.min.js": UPLOT / "dist" / "uPlot.iife.min.js",
        "uPlot.min.css": UPLOT / "dist" / "uPlot.min.css",
        "uPlot.LICENSE": UPLOT / "LICENSE",
    }
    for vendored, shipped in pairs.items():
        assert (EXPLORER / "vendor" / vendored).read_bytes() == shipped.read_bytes(), vendored


def test_scripts_build_the_page_without_html_strings() -> None:
    """The policy requires Trusted Types: no script may hand HTML or a style attribute over."""
    for script in (EXPLORER / "js").glob("*.js"):
        code = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (script.name, sink)
        assert not re.search(r"setAttribute\(\s*[\"']style", code), script.name
    assert not re.search(r"\sstyle=", (EXPLORER / "index.html").read_text())
