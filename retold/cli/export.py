"""CLI commands of the export stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
