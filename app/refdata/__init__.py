"""Packaged reference data (CSV/JSON) loaded by seed and the enrichment gazetteer."""
