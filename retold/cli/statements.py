"""CLI commands of the statements stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
