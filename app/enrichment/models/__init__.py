"""Packaged models of the enrichment (plain JSON weights)."""
