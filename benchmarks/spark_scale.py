"""In-process vs Spark ``local[N]`` on a simulated syndication corpus, and what 1e8 would cost.

For each corpus size (default 10k, 50k, 100k articles, built from Reuters-21578 with
``benchmarks/syndication.py``, written as 8 JSONL shards) this runs, in one process:

1. the anchor: the in-process engine (``retold.ingest.ingest`` + the stages' ``update``)
   into a fresh DuckDB store;
2. ``retold.spark.run_spark`` on ``--master`` (session start-up included) then
   ``retold attach`` into another store;

and reports wall time, documents/s, CPU seconds (this process and every child: the JVM
and the Python workers), peak resident memory (sum over the process tree, sampled every
0.2 s with psutil), whether every compared table is identical, the Spark/in-process time
ratio, and Parquet bytes per article of each table. The extrapolation table scales the
Spark run's measured per-core throughput (documents per CPU-second of the whole process
tree) to 1e8 articles on N executor cores, with the LSH shuffle (band keys) and table
sizes growing linearly.

Default stages are ingest,reuse,stories: the candidate generation and clustering that
need a shuffle. statements and lineage are per-article / per-story maps (add them with
``--stages all``; spaCy then dominates, ~0.05-0.1 s per article per core).

    nice -n 10 python benchmarks/spark_scale.py --sizes 10000,50000 [--stages all]
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORD = re.compile(r"[A-Za-z]+")
sys.path.insert(0, str(ROOT))


def _simulator():
    spec = importlib.util.spec_from_file_location("syndication", ROOT / "benchmarks" / "syndication.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["syndication"] = mod
    spec.loader.exec_module(mod)
    return mod


class TreeMeter:
    """Peak RSS and CPU seconds of this process and all its descendants (JVM included),
    counted from ``__enter__`` (CPU this process spent before, e.g. on the corpus or the
    previous engine, is subtracted)."""

    def __init__(self, interval: float = 0.2, children: bool = True):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self.children = children  # False: this process only (not an idle JVM left behind)
        self.proc = psutil.Process()
        self._cpu: dict[int, float] = {}
        self._base: dict[int, float] = {}
        self._kind: dict[int, str] = {}  # pid -> "jvm" | "python workers" | "driver"

    def _tree(self):
        procs = [self.proc]
        if not self.children:
            return procs
        try:
            procs += self.proc.children(recursive=True)
        except psutil.Error:
            pass
        return procs

    def cpu(self) -> float:
        """CPU seconds since ``__enter__``; children that ended keep their last reading."""
        for p in self._tree():
            try:
                t = p.cpu_times()
                own = t.user + t.system
                if p is self.proc:
                    own += t.children_user + t.children_system
                self._cpu[p.pid] = own
                # named at every sample: the JVM starts as a launcher script, then execs java
                self._kind[p.pid] = "driver" if p is self.proc else \
                    "jvm" if "java" in p.name() else "python workers"
            except psutil.Error:
                pass
        return sum(v - self._base.get(pid, 0.0) for pid, v in self._cpu.items())

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds since ``__enter__`` per kind of process: the driver (this one), the
        JVM, the Python workers (where Spark's overhead lives, see docs/spark.md)."""
        out: dict[str, float] = {}
        for pid, v in list(self._cpu.items()):  # the sampler thread adds pids meanwhile
            kind = self._kind.get(pid, "other")
            out[kind] = round(out.get(kind, 0.0) + v - self._base.get(pid, 0.0), 1)
        return out

    def _run(self):
        while not self._stop.is_set():
            rss = 0
            for p in self._tree():
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, rss)
            self.cpu()
            self._stop.wait(self.interval)

    def __enter__(self):
        self.peak, self._cpu, self._base = 0, {}, {}
        self.cpu()
        self._base, self._cpu = dict(self._cpu), {}
        self.start = time.perf_counter()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self._stop.clear()
        self.wall = time.perf_counter() - self.start
        self.cpu_s = self.cpu()
        return False


STORIES_PER_POOL = 1000
"""Stories of one pool: one news *period* (~9,300 articles). A corpus twice as large covers
twice as many periods, not one period twice as dense: the number of unrelated but similar
items an article meets (other days' market reports, other companies' results) stays what
it is in a period. Pools of 3,800 stories (all of Reuters' bases in one pool) made that
density grow with the corpus up to 38k articles, so pairs grew ~N^2 there; see
docs/spark.md ("Growth") for both figures."""
KEEP_WORDS = 30  # the most frequent words (the, of, said...) stay as they are in every pool


def _pseudo_word(word: str, pool: int) -> str:
    """A made-up word standing for ``word`` in ``pool``: same length and letter case, the
    same every time (so a story's copies still share it), unrelated to other pools'."""
    digest = hashlib.blake2b(f"{pool}:{word.lower()}".encode(), digest_size=16).digest()
    consonants, vowels = "bcdfghjklmnprstvwz", "aeiou"
    out = "".join((consonants if i % 2 == 0 else vowels)[digest[i % 16] % (18 if i % 2 == 0 else 5)]
                  for i in range(len(word)))
    if word.isupper() and len(word) > 1:
        return out.upper()
    return out.capitalize() if word[:1].isupper() else out


def enciphered_bases(bases: list[dict], pool: int, keep: frozenset[str]) -> list[dict]:
    """The Reuters bases for pool ``pool`` >= 1: every word outside ``keep`` replaced by a
    pseudo-word of that pool, every digit by another (one permutation per pool). Why: each
    pool is another news period (see ``STORIES_PER_POOL``) and draws its stories from all
    6,158 Reuters bases, so two pools would otherwise retell the same bases: a larger
    corpus would be the same stories told over again, and links per article (the work per
    article) would grow with it. Enciphered pools keep what the pipeline's cost depends on
    (words per sentence, sentences per article, quote marks, number shapes, the few most
    frequent function words) while an article and its twin in another pool (the same
    base) share no more than unrelated articles do. Keeping the 300 most frequent Reuters
    words and the digits, as a first version did, left twins a median 24% of shared
    shingles, and 73% of them aligned: each pool retold pool 0 again."""
    if pool == 0:
        return bases

    digits = list("0123456789")
    random.Random(pool).shuffle(digits)
    renumber = str.maketrans("0123456789", "".join(digits))

    def swap(text: str) -> str:
        return WORD.sub(lambda m: m.group(0) if m.group(0).lower() in keep
                        else _pseudo_word(m.group(0), pool), text).translate(renumber)

    return [dict(b, id=f"{b['id']}~{pool}", title=swap(b["title"]),
                 paras=[swap(p) for p in b["paras"]]) for b in bases]


def make_corpus(n_articles: int, folder: Path, seed: int, shards: int = 8) -> int:
    """``n_articles`` simulated articles in ``shards`` JSONL files: pools of at most
    ``STORIES_PER_POOL`` stories, pool 0 on the real Reuters bases, pool k >= 1 on
    :func:`enciphered_bases` (so no base is retold twice, whatever the size). Each input
    id's simulated story goes to ``<folder>.stories.json`` for :func:`link_quality`."""
    sim = _simulator()
    bases = sim.load_bases(sim.REUTERS)
    counts = Counter(w.lower() for b in bases for p in b["paras"] for w in WORD.findall(p))
    keep = frozenset(w for w, _ in counts.most_common(KEEP_WORDS))
    per_story = 9.3  # simulator default: ~8.3 articles per story + 0.5 distractors
    need = max(1, int(n_articles / per_story) + 1)
    arts: list[dict] = []
    story_of: dict[str, str] = {}
    pool = 0
    while len(arts) < n_articles:
        stories = min(STORIES_PER_POOL, need)
        more, truth = sim.simulate(stories, seed=seed + pool,
                                   bases=enciphered_bases(bases, pool, keep))
        arts += more
        story_of.update((t["id"], f"{pool}:{t['story']}") for t in truth)
        need = max(1, int((n_articles - len(arts)) / per_story) + 1)
        pool += 1
    arts = arts[:n_articles]
    folder.mkdir(parents=True, exist_ok=True)
    handles = [open(folder / f"shard{k:02d}.jsonl", "w", encoding="utf-8") for k in range(shards)]
    for i, a in enumerate(arts):
        handles[i % shards].write(json.dumps(a, ensure_ascii=False) + "\n")
    for h in handles:
        h.close()
    (folder.parent / f"{folder.name}.stories.json").write_text(
        json.dumps({a["id"]: story_of[a["id"]] for a in arts}))
    return len(arts)


def run_in_process(inputs: Path, db: Path, stages: list[str]):
    from retold import lineage as lineage_stage
    from retold import reuse as reuse_stage
    from retold import statements as st_stage
    from retold.ingest import ingest
    from retold.store import Store

    store = Store(db)
    summary = ingest(store, [str(inputs)])
    ids = [r[0] for r in store.execute("SELECT id FROM articles").fetchall()]
    if "statements" in stages:
        ids = st_stage.update(store, None)
    touched = reuse_stage.update(store, ids) if "reuse" in stages else []
    if "lineage" in stages:
        lineage_stage.update(store, touched)
    store.close()
    return summary


def link_quality(db: Path, stories_file: Path) -> dict:
    """The in-process links against the simulator's stories, as ``reuse_pairs.py`` scores
    them: a pair is related when both articles belong to one story (distractors to none).
    Shows that what the engines skip as the corpus grows is not reuse."""
    import duckdb

    story_of = json.loads(stories_file.read_text())
    con = duckdb.connect(str(db), read_only=True)
    source = {aid: json.loads(loc)[0]["record_id"].split(":", 1)[1] for aid, loc in
              con.execute("SELECT id, locations FROM articles").fetchall()}
    story = {aid: story_of.get(src, "") for aid, src in source.items()}
    links = con.execute("SELECT DISTINCT a, b FROM reuse_links").fetchall()
    con.close()
    members = Counter(s for s in story.values() if s and "distractor" not in s)
    true = sum(k * (k - 1) // 2 for k in members.values())
    hit = sum(1 for a, b in links if story.get(a) and story.get(a) == story.get(b)
              and "distractor" not in story[a])
    p, r = hit / max(1, len(links)), hit / max(1, true)
    return {"links": len(links), "links_per_article": round(len(links) / max(1, len(story)), 2),
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / max(1e-9, p + r), 4)}


def parquet_bytes(out: Path) -> dict[str, int]:
    sizes = {}
    for table in sorted(p for p in out.iterdir() if p.is_dir()):
        sizes[table.name] = sum(f.stat().st_size for f in table.rglob("*.parquet"))
    return sizes


def bench_size(n: int, stages: list[str], master: str, work: Path, seed: int,
               engines: tuple[str, ...] = ("inproc", "spark")) -> dict:
    from retold.spark import run_spark
    from retold.spark.attach import attach
    from retold.spark.compare import COMPARED, compare_stores
    from retold.spark.session import get_session
    from retold.store import Store

    inputs = work / f"in-{n}"
    n = make_corpus(n, inputs, seed)
    row: dict = {"articles_in": n, "stages": stages}
    with TreeMeter(children=False) as m:  # the previous size's JVM lingers as a child
        run_in_process(inputs, work / f"inproc-{n}.duckdb", stages)
    row["inproc"] = {"wall_s": round(m.wall, 2), "cpu_s": round(m.cpu_s, 2),
                     "docs_per_s": round(n / m.wall, 1), "peak_rss_mb": round(m.peak / 2**20)}
    if "reuse" in stages:
        row["inproc"]["links_vs_truth"] = link_quality(work / f"inproc-{n}.duckdb",
                                                       work / f"in-{n}.stories.json")
    if "spark" not in engines:
        return row
    spark_stages = [s for s in ("ingest", "statements", "reuse", "stories", "lineage")
                    if s in stages or (s == "stories" and "reuse" in stages)]
    seconds, tables, stage_cpu = {}, {}, {}
    with TreeMeter() as m:
        spark = get_session(master)
        for stage in spark_stages:  # one call per stage: CPU by process at its boundaries
            m.cpu()
            before = m.cpu_by_kind()
            summary = run_spark([str(inputs)], str(work / f"out-{n}"), stages=[stage],
                                spark=spark)
            m.cpu()
            stage_cpu[stage] = {k: round(v - before.get(k, 0.0), 1)
                                for k, v in m.cpu_by_kind().items()}
            seconds.update(summary.seconds)
            tables.update(summary.tables)
        spark.stop()
    row["spark"] = {"wall_s": round(m.wall, 2), "cpu_s": round(m.cpu_s, 2),
                    "docs_per_s": round(n / m.wall, 1), "peak_rss_mb": round(m.peak / 2**20),
                    "cpu_by_process": m.cpu_by_kind(), "stage_s": seconds,
                    "stage_cpu_by_process": stage_cpu, "tables": tables}
    row["ratio_spark_over_inproc"] = round(row["spark"]["wall_s"] / row["inproc"]["wall_s"], 2)
    row["parquet_bytes"] = parquet_bytes(work / f"out-{n}")
    with Store(work / f"spark-{n}.duckdb") as got, \
            Store(work / f"inproc-{n}.duckdb", read_only=True) as ref:
        attach(work / f"out-{n}", got)
        diff = compare_stores(ref, got, COMPARED)
    row["identical"] = not diff
    row["differences"] = {t: {k: v[k] for k in ("left", "right")} for t, v in diff.items()}
    return row


def extrapolate(rows: list[dict], cores_per_executor: int = 4) -> list[dict]:
    """1e8 articles on N executors from the largest run's per-core throughput."""
    from retold.reuse.linker import Config
    from retold.reuse.lsh import LSHIndex

    big = max((r for r in rows if "spark" in r), key=lambda r: r["articles_in"])
    n = big["articles_in"]
    per_core = n / big["spark"]["cpu_s"]  # documents per CPU-second, whole process tree
    cfg = Config()
    bands = LSHIndex(cfg.lsh_threshold, cfg.num_perm).bands
    shuffle_per_doc = bands * (8 + 8 + 8 + 16 + 16)  # band, key, rank, id, row overhead
    table_per_doc = {t: b / n for t, b in big["parquet_bytes"].items()}
    target = 1e8
    out = []
    for executors in (10, 50, 100, 500):
        cores = executors * cores_per_executor
        out.append({"articles": target, "executors": executors, "cores": cores,
                    "hours": round(target / (per_core * cores) / 3600, 2),
                    "core_hours": round(target / per_core / 3600, 1),
                    "lsh_shuffle_gb": round(target * shuffle_per_doc / 1e9, 1),
                    "parquet_gb": {t: round(v * target / 1e9, 2) for t, v in table_per_doc.items()
                                   if not t.startswith("_")}})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--stages", default="ingest,reuse,stories",
                    help="comma list or 'all' (adds statements and lineage)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--engines", default="inproc,spark",
                    help="inproc alone for a quick look at in-process growth")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=None, help="scratch folder (default: a temp dir)")
    ap.add_argument("--out", default=str(RESULTS / "spark_scale.json"))
    args = ap.parse_args(argv)
    stages = ["ingest", "statements", "reuse", "stories", "lineage"] if args.stages == "all" \
        else [s.strip() for s in args.stages.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="retold-spark-bench-"))
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench_size(size, stages, args.master, work, args.seed,
                         tuple(args.engines.split(",")))
        rows.append(row)
        if "spark" not in row:
            print(f"{row['articles_in']:>8} articles | in-process {row['inproc']['wall_s']:>8.1f}s "
                  f"{row['inproc']['cpu_s']:>8.1f} CPU-s {row['inproc']['peak_rss_mb']:>6} MB | "
                  f"links {row['inproc'].get('links_vs_truth')}", flush=True)
            write_results(rows, args, stages)
            _clean(work, row["articles_in"])
            continue
        print(f"{row['articles_in']:>8} articles | in-process {row['inproc']['wall_s']:>8.1f}s "
              f"{row['inproc']['docs_per_s']:>7.1f} docs/s {row['inproc']['peak_rss_mb']:>6} MB | "
              f"spark {row['spark']['wall_s']:>8.1f}s {row['spark']['docs_per_s']:>7.1f} docs/s "
              f"{row['spark']['peak_rss_mb']:>6} MB | ratio {row['ratio_spark_over_inproc']:.2f} | "
              f"identical {row['identical']}", flush=True)
        print(f"{'':>8} spark stage wall {row['spark']['stage_s']} | CPU by process "
              f"{row['spark']['stage_cpu_by_process']}", flush=True)
        write_results(rows, args, stages)  # after every size: a cut-short run keeps its figures
        _clean(work, row["articles_in"])
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _clean(work: Path, n: int) -> None:
    """Drop one size's inputs, stores and Parquet (100k articles take several GB)."""
    for name in (f"in-{n}", f"out-{n}"):
        shutil.rmtree(work / name, ignore_errors=True)
    (work / f"in-{n}.stories.json").unlink(missing_ok=True)
    for name in (f"inproc-{n}.duckdb", f"spark-{n}.duckdb"):
        (work / name).unlink(missing_ok=True)


def write_results(rows: list[dict], args, stages: list[str]) -> dict:
    result = {"machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()},
              "master": args.master, "stages": stages, "runs": rows}
    if len(rows) > 1:
        result["linearity"] = [
            {"from": a["articles_in"], "to": b["articles_in"],
             "size_ratio": round(b["articles_in"] / a["articles_in"], 2),
             "inproc_time_ratio": round(b["inproc"]["wall_s"] / a["inproc"]["wall_s"], 2),
             "inproc_cpu_ratio": round(b["inproc"]["cpu_s"] / a["inproc"]["cpu_s"], 2)}
            | ({"spark_time_ratio": round(b["spark"]["wall_s"] / a["spark"]["wall_s"], 2),
                "spark_cpu_ratio": round(b["spark"]["cpu_s"] / a["spark"]["cpu_s"], 2)}
               if "spark" in a and "spark" in b else {})
            for a, b in zip(rows, rows[1:])]
        print("linearity:", result["linearity"])
    result["extrapolation"] = extrapolate(rows) if any("spark" in r for r in rows) else []
    print(f"{'articles':>10} {'executors':>9} {'cores':>6} {'hours':>8} {'core-h':>8} "
          f"{'LSH shuffle GB':>14}")
    for e in result["extrapolation"]:
        print(f"{e['articles']:>10.0e} {e['executors']:>9} {e['cores']:>6} {e['hours']:>8} "
              f"{e['core_hours']:>8} {e['lsh_shuffle_gb']:>14}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1, default=str))
    print("wrote", args.out, flush=True)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
