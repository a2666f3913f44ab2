"""One place that builds the SparkSession retold's jobs run in.

Why a helper: tests, the CLI and the benchmark must all get the same small, quiet
session (no UI, few shuffle partitions, bounded driver memory) on a laptop, and exactly
the cluster's own settings when ``spark-submit`` already created a session. Settings are
validated here so that a typo fails before any JVM starts, with a message saying how to
fix it.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping

LOCAL_DEFAULTS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "2g",
    "spark.python.worker.reuse": "true",  # keep spaCy loaded between tasks
    "spark.sql.execution.arrow.pyspark.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # A local run shares a few cores between the JVM and the Python workers that do the
    # stage work, and its JVM code is mostly glue (pickling, shuffles, Parquet): the C2
    # JIT compiler and G1's concurrent threads cost more CPU than they save. On 5k articles,
    # back to back: JVM CPU 77 -> 39 s (C1 only: 44, serial GC only: 65), wall 157 -> 107 s,
    # task time in the JVM unchanged. A cluster keeps its own JVM settings.
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}

_MASTER = re.compile(r"^(local(\[(\d+|\*)(,\d+)?\])?|spark://.+|yarn|k8s://.+|mesos://.+)$")


class SparkUnavailable(RuntimeError):
    """pyspark or a Java runtime is missing; the message says what to install."""


def check_master(master: str) -> str:
    """Validate a Spark master URL early (before a JVM is started)."""
    if not isinstance(master, str) or not _MASTER.match(master):
        raise ValueError(
            f"invalid Spark master {master!r}: use local[N] (e.g. local[2]), local[*], "
            "spark://HOST:PORT, yarn or k8s://URL"
        )
    return master


def check_available() -> None:
    """Raise :class:`SparkUnavailable` naming what is missing (pyspark, java)."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable(
            "pyspark is not installed: pip install 'retold[spark]' (pyspark==4.3.0)"
        ) from exc
    java_home = os.environ.get("JAVA_HOME")
    java = shutil.which("java") or (java_home and os.path.join(java_home, "bin", "java"))
    if not java or not os.path.exists(java):
        raise SparkUnavailable(
            "no Java runtime found (java not on PATH and JAVA_HOME unset): "
            "install a JRE 17+, e.g. apt-get install openjdk-17-jre-headless"
        )


def get_session(master: str = "local[2]", app_name: str = "retold",
                conf: Mapping[str, str] | None = None):
    """The active SparkSession if ``spark-submit`` made one, else a new one on ``master``.

    Local masters get :data:`LOCAL_DEFAULTS` (quiet, small); ``conf`` overrides both.
    """
    check_available()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    check_master(master)
    builder = SparkSession.builder.master(master).appName(app_name)
    settings = dict(LOCAL_DEFAULTS) if master.startswith("local") else {}
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, str(value))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
