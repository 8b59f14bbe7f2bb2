"""Offline extraction pipeline: clean -> metadata -> sentences -> linking -> claims."""

from __future__ import annotations
