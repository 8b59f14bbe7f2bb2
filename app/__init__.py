"""Orewatch: a REST API for critical-minerals supply intelligence."""

__version__ = "0.1.0"
