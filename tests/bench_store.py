"""Benchmark of the durable storage against TinyDB's JSONStorage (a script, not a test).

    uv run python tests/bench_store.py            # 100, 1,000 and 10,000 documents
    uv run python tests/bench_store.py --quick    # 100 and 1,000 documents, fewer runs
    uv run python tests/bench_store.py --kill 200 # the SIGKILL tests, 200 kills each

Prints a markdown table: medians in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import store_child  # noqa: E402
from tinydb import Query, TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from store.storage import DEFAULT_STORAGE, UnstallTinyDB  # noqa: E402

Doc = Query()
STORAGES: dict[str, tuple[type[TinyDB], type]] = {
    "JSONStorage": (TinyDB, JSONStorage),
    "durable": (UnstallTinyDB, DEFAULT_STORAGE),
}


def median_ms(action: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def files_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name))


def bench(name: str, count: int, runs: int, folder: Path) -> dict[str, str]:
    db_class, storage = STORAGES[name]
    path = folder / f"{name}-{count}.json"
    rng = random.Random(count)
    documents = [store_child.make_document(n) for n in range(count)]
    db = db_class(str(path), storage=storage)
    table = db.table("diagnoses")
    table.insert_multiple(documents)
    slow = name == "JSONStorage" and count >= 10_000
    save_runs = 5 if slow else runs
    row: dict[str, str] = {"storage": name, "docs": f"{count:,}"}
    gc.collect()
    rows = {
        "insert": lambda n: table.insert(store_child.make_document(n)),
        "update": lambda n: table.update({"outcome": f"run {n}"}, doc_ids=[rng.randint(1, count)]),
        "search": lambda n: table.search(Doc.partner == f"Partner {n % 500}"),
        "get": lambda n: table.get(doc_id=rng.randint(1, count)),
    }
    for column, action in rows.items():
        row[column] = f"{median_ms(action, save_runs):.2f}"
    db.close()
    row["file MB"] = f"{files_size(path) / 1e6:.1f}"

    def cold_open(_: int) -> None:
        cold = db_class(str(path), storage=storage)
        len(cold.table("diagnoses"))
        cold.close()

    row["cold open"] = f"{median_ms(cold_open, 3 if slow else min(runs, 5)):.0f}"
    gc.collect()
    tracemalloc.start()
    cold = db_class(str(path), storage=storage)
    cold.table("diagnoses").search(Doc.partner == "Partner 1")
    cold.table("diagnoses").update({"outcome": "x"}, doc_ids=[1])
    row["peak MB"] = f"{tracemalloc.get_traced_memory()[1] / 1e6:.0f}"
    tracemalloc.stop()
    cold.close()
    return row


def print_table(rows: list[dict[str, str]]) -> None:
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(row[column] for column in columns) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 docs, fewer runs")
    parser.add_argument(
        "--kill",
        type=int,
        nargs="?",
        const=200,
        metavar="N",
        help="run the SIGKILL test N times (default 200)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        if args.kill:
            start = time.perf_counter()
            saves = store_child.run_kills(str(folder / "killed.json"), args.kill, seed=7)
            print(
                f"{args.kill} SIGKILLs, {saves} acknowledged saves checked after each kill: "
                f"none lost ({time.perf_counter() - start:.0f} s)"
            )
            start = time.perf_counter()
            changes = store_child.run_repo_kills(str(folder / "repo.json"), args.kill, seed=7)
            print(
                f"{args.kill} SIGKILLs through the repository (answers file + table), {changes} "
                f"acknowledged changes checked after each kill: none lost "
                f"({time.perf_counter() - start:.0f} s)"
            )
            return
        sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000]
        runs = 7 if args.quick else 21
        rows = [bench(name, count, runs, folder) for count in sizes for name in STORAGES]
    print(
        f"Medians in ms ({runs} runs; 5 for JSONStorage at 10,000), Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs.\n"
    )
    print_table(rows)


if __name__ == "__main__":
    main()
