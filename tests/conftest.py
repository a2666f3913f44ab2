"""Shared test fixtures.

``shared_data`` points at ``../shared/data`` (the evaluation data that must never be
copied into the project) and skips the test with a clear message when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("RETOLD_SHARED", ROOT.parent / "shared"))
SAMPLE = SHARED / "samples" / "financialtribune-ex-is-member.txt"


@pytest.fixture
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"shared evaluation data not found at {path} (set RETOLD_SHARED)")
    return path


@pytest.fixture
def sample_path() -> Path:
    if not SAMPLE.is_file():
        pytest.skip(f"sample page not found at {SAMPLE} (set RETOLD_SHARED)")
    return SAMPLE


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def spark():
    """A local[2] Spark session per test module (skipped without Java or pyspark)."""
    from retold.spark.session import SparkUnavailable, check_available, get_session

    try:
        check_available()
    except SparkUnavailable as exc:
        pytest.skip(str(exc))
    session = get_session("local[2]")
    yield session
    session.stop()
