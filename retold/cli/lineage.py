"""CLI commands of the lineage stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
