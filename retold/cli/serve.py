"""CLI commands of the serve stage."""
from __future__ import annotations

from retold.cli import app  # noqa: F401
