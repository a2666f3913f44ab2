"""CLI commands of the ingest stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
