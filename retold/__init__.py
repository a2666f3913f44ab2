"""retold: trace how a news story was retold, outlet by outlet, back to who said it first.

Stages (each a package of pure functions over ``retold.records``):
``ingest -> statements -> reuse -> stories -> lineage -> mutations``; ``store`` keeps
them in one DuckDB file; ``cli``, ``web`` and ``export`` sit on top; ``spark`` runs the
same stage functions on a cluster.
"""
__version__ = "0.1.0"
