"""CLI commands of the spark stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
