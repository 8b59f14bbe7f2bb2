"""The install pulls what the code needs, whatever the pip version, at the pinned versions.

Offline: reads pyproject.toml, constraints.txt and the metadata of this environment.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _project() -> dict[str, list[str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"": data["dependencies"], **data["optional-dependencies"]}


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_what_trafilatura_needs_is_a_direct_dependency() -> None:
    """An older pip left lxml's html_clean extra (asked for by jusText) out, and trafilatura
    could not import: named directly, every pip installs it."""
    direct = {canonicalize_name(Requirement(r).name) for r in _project()[""]}
    assert {"trafilatura", "lxml-html-clean"} <= direct


def test_every_direct_dependency_is_pinned_within_its_bounds() -> None:
    pins = _pins()
    for extra, requirements in _project().items():
        for text in requirements:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{text} ({extra or 'main'}) has no pin in constraints.txt"
            assert requirement.specifier.contains(pins[name], prereleases=True), (text, pins[name])


def test_everything_the_install_needs_is_pinned_and_installed_at_its_pin() -> None:
    """The whole requirement closure of the main and dev dependencies, as this environment's
    metadata declares it: each distribution is pinned, and installed at exactly that pin."""
    pins = _pins()
    project = _project()
    pending = [(Requirement(text), "") for text in project[""] + project["dev"]]
    seen: set[tuple[str, str]] = set()
    problems = []
    while pending:
        requirement, parent_extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate(
            {"extra": parent_extra}
        ):
            continue
        name = canonicalize_name(requirement.name)
        extras = {""} | {canonicalize_name(e) for e in requirement.extras}
        if all((name, extra) in seen for extra in extras):
            continue
        seen |= {(name, extra) for extra in extras}
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            problems.append(f"{name}: needed but not installed")
            continue
        if pins.get(name) != dist.version:
            problems.append(f"{name}: installed {dist.version}, pinned {pins.get(name)}")
        for text in dist.requires or []:
            for extra in extras:
                pending.append((Requirement(text), extra))
    assert not problems, problems
