"""The `orewatch extract` command: offline extraction to JSON / JSON Lines."""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add the `extract` command to the `orewatch` application."""

    @cli.command()
    def extract() -> None:
        """Extract metadata, mentions and claims from text/HTML files (no database)."""
        raise typer.Exit(code=2)
