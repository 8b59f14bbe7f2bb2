"""The configuration reference (a markdown table), generated from the Settings class.

`orewatch config-reference` prints it; `--write README.md` replaces the table between the
markers below; a test fails when README's table differs from this output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from app.settings import Settings

START = "<!-- settings:start -->"
END = "<!-- settings:end -->"


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined:
        return "(required)"
    else:
        value = field.default
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table() -> str:
    prefix = str(Settings.model_config.get("env_prefix", ""))
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        variable = (prefix + name).upper()
        default = _cell(_default(field))
        lines.append(f"| `{variable}` | `{default}` | {_cell(field.description or '')} |")
    return "\n".join(lines) + "\n"


def replace_block(document: str, table: str) -> str:
    """The document with the text between the markers replaced by the table."""
    head, start, rest = document.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"markers {START} and {END} not found")
    return f"{head}{START}\n{table}{END}{tail}"


def current_block(document: str) -> str:
    _, _, rest = document.partition(START)
    block, _, _ = rest.partition(END)
    return block.lstrip("\n")


def write(path: Path) -> bool:
    """Rewrite the table in the file; True when it changed."""
    text = path.read_text(encoding="utf-8")
    updated = replace_block(text, markdown_table())
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
