"""Spark statements: ``retold.statements.extract`` over every article, one task per slice.

Articles are independent here, so this is a plain ``mapPartitions``; the spaCy model is
loaded once per Python worker (``spark.python.worker.reuse``) by the statements stage's
own lazy loader, not once per task.
"""
from __future__ import annotations

from retold.records import Article, ArticleHedge, Reject, Speaker, Statement
from retold.spark.tables import read_table, write_tagged
from retold.spark.tasks import statements_partition


def run_statements(spark, out_dir: str, partitions: int) -> dict[str, int]:
    articles = read_table(spark, out_dir, Article).repartition(partitions, "id")
    tagged = articles.rdd.mapPartitions(statements_partition)
    return write_tagged(spark, tagged, [Statement, Speaker, ArticleHedge, Reject], out_dir,
                        "statements")
