"""Benchmark of the store: the folder of small TinyDB files beside one TinyDB JSONStorage file
holding the same history (a script, not a test; pytest does not collect it).

    uv run python tests/bench_store.py             # 10,000 diagnoses over 500 partners
    uv run python tests/bench_store.py --quick     # 1,000 diagnoses, fewer runs
    uv run python tests/bench_store.py --profile   # also where the folder's time goes
    uv run python tests/bench_store.py --kill 200  # the kill harness: 200 kills, and every
                                                   # crash point of every change

How the databases are built: the answers are ``tests/bench_app.py``'s realistic ones (500
partners, 20 diagnoses each at 10,000, spread over three years). The folder is built through the
public API, one ``Repository.save_many`` per partner (its file written once, as ``unstall
import`` does), and gets a few drafts with ``save_draft``. The single file is those very
documents (every partner file read back, same ids, same fields) inserted into one ``TinyDB`` with
TinyDB's default ``JSONStorage``, tables ``diagnoses``, ``drafts`` and ``meta``; its operations
are the same changes done the plain TinyDB way (each one rewrites the whole file).

Measured in one run, side by side: save one answer (``save_draft``), finish a diagnosis
(``finish_draft``), open a partner (``history``: every diagnosis of one partner, recomputed),
text search over every note and talking point (``find(Filter(text=...))``: a rare word, and one
in every diagnosis), and the cold open to home (``Repository(path)`` and ``partners()``). Medians
in milliseconds; file sizes; peak memory of each operation with ``tracemalloc`` (Python
allocations). ``find`` returns a list (it cannot stream), so "first result" is the whole search.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("UNSTALL_TODAY", "2026-11-23")

import store_child  # noqa: E402
from bench_app import TODAY, make_answers  # noqa: E402
from tinydb import TinyDB, where  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402
from tinydb.table import Document  # noqa: E402

from playbook.diagnosis import Diagnosis  # noqa: E402
from playbook.history import (  # noqa: E402
    INDEX_FIELDS,
    Draft,
    Filter,
    partner_key,
    search_fields,
    searchable,
    summary_fields,
)
from playbook.history import summary_of as _summary  # noqa: E402
from playbook.verdict import METHOD  # noqa: E402
from store.records import DIAGNOSES, DRAFTS, META  # noqa: E402
from store.repository import Repository  # noqa: E402


def partner_entries(documents: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each partner, its index document as the one-file baseline keeps it: ``key``,
    ``count``, and the summary fields of its ``latest`` diagnosis and the one ``previous`` to it,
    each as ``[id, fields]``. Newest means latest diagnosis date, then highest id."""
    latest: dict[str, tuple[str, int]] = {}
    previous: dict[str, tuple[str, int]] = {}
    counts: dict[str, int] = {}
    for doc_id, document in documents.items():
        key = document["partner_key"]
        rank = (document["diagnosed_on"], int(doc_id))
        counts[key] = counts.get(key, 0) + 1
        best = latest.get(key)
        if best is None or rank > best:
            if best is not None:
                previous[key] = best
            latest[key] = rank
        elif (second := previous.get(key)) is None or rank > second:
            previous[key] = rank

    def entry(rank: tuple[str, int] | None) -> list[Any] | None:
        if rank is None:
            return None
        document = documents[str(rank[1])]
        return [rank[1], {field: document.get(field) for field in INDEX_FIELDS}]

    return {
        key: {
            "key": key,
            "count": counts[key],
            "latest": entry(rank),
            "previous": entry(previous.get(key)),
        }
        for key, rank in latest.items()
    }


PARTNERS = 500
RARE, COMMON = "number 777:", "slots went unused"
"""Search words: in one diagnosis's notes; in every diagnosis's notes."""

TARGETS = {
    "save one answer": 10,
    "finish a diagnosis": 20,
    "open a partner": 10,
    f"text search, {RARE!r} (1 found)": 300,
    f"text search, {COMMON!r} (all found)": 300,
}


def median_ms(action: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        gc.collect()
        start = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mb(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def folder_size(path: Path, pattern: str = "*") -> tuple[int, float]:
    """How many files match, and their megabytes on disk (a hard-linked backup counted once)."""
    seen: dict[tuple[int, int], int] = {}
    for file in path.rglob(pattern):
        if file.is_file():
            st = file.stat()
            seen[(st.st_dev, st.st_ino)] = st.st_size
    return len(seen), sum(seen.values()) / 1e6


# -- building --------------------------------------------------------------------------------


def build_folder(path: Path, count: int) -> None:
    """The folder: one ``save_many`` per partner (each partner file written once)."""
    by_partner: dict[str, list[dict[str, str]]] = {}
    for answers in make_answers(count, TODAY, PARTNERS):
        by_partner.setdefault(answers["partner"], []).append(answers)
    repository = Repository(path)
    for many in by_partner.values():
        repository.save_many(many)
    for number in range(5):
        notes = f"draft {number}: half typed"
        repository.save_draft(
            Draft(answers={"partner": f"Partner {number:03d}", "notes": notes}, typed={})
        )


def build_single(folder: Path, path: Path) -> None:
    """One TinyDB JSONStorage file with the folder's very documents (and its drafts, meta)."""
    documents: list[Document] = []
    for file in sorted((folder / "partners").glob("*.json")):
        table = json.loads(file.read_text(encoding="utf-8"))[DIAGNOSES]
        documents += [Document(doc, doc_id=int(doc_id)) for doc_id, doc in table.items()]
    drafts = json.loads((folder / "drafts.json").read_text(encoding="utf-8"))[DRAFTS]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))[META]
    db = TinyDB(path, storage=JSONStorage)
    db.table(DIAGNOSES).insert_multiple(documents)
    db.table(DRAFTS).insert_multiple(Document(d, doc_id=int(i)) for i, d in drafts.items())
    db.table(META).insert_multiple(Document(d, doc_id=int(i)) for i, d in meta.items())
    db.close()


# -- the same operations, the plain TinyDB way on one file -----------------------------------


def document_of(answers: dict[str, str], draft: int | None) -> dict[str, Any]:
    diagnosis = Diagnosis.from_answers(answers, method=METHOD)
    return {
        "answers": dict(diagnosis.answers),
        **summary_fields(diagnosis),
        **search_fields(diagnosis),
        "method": METHOD,
        "created_at": "2026-11-23T09:00:00",
        "edited_points": None,
        "outcome": None,
        "draft": draft,
    }


class Single:
    """The store's operations on one TinyDB JSONStorage file."""

    def __init__(self, path: Path) -> None:
        self.db = TinyDB(path, storage=JSONStorage)
        self.diagnoses, self.drafts = self.db.table(DIAGNOSES), self.db.table(DRAFTS)

    def save_draft(self, draft_id: int, notes: str) -> None:
        stored = self.drafts.get(doc_id=draft_id)
        assert isinstance(stored, dict)
        self.drafts.update(
            {"answers": {**stored["answers"], "notes": notes}, "revision": stored["revision"] + 1},
            doc_ids=[draft_id],
        )

    def finish_draft(self, draft_id: int, answers: dict[str, str]) -> None:
        self.diagnoses.insert(document_of(answers, draft_id))
        self.drafts.remove(doc_ids=[draft_id])

    def history(self, partner: str) -> list[Diagnosis]:
        self.diagnoses.clear_cache()  # TinyDB caches a Query's results: read the file again
        found = self.diagnoses.search(where("partner_key") == partner_key(partner))
        found.sort(key=lambda doc: (doc["diagnosed_on"], doc.doc_id))
        return [
            Diagnosis.from_answers(dict(doc["answers"]), id=doc.doc_id, method=doc["method"])
            for doc in found
        ]

    def find_text(self, text: str) -> list[Any]:
        needle = text.casefold()
        found = self.diagnoses.search(lambda doc: needle in searchable(doc))
        return [_summary(doc.doc_id, doc) for doc in found]

    def home(self) -> int:
        entries = partner_entries({str(doc.doc_id): doc for doc in self.diagnoses.all()})
        return len(entries)


# -- the benchmark ---------------------------------------------------------------------------


def finish_answers(number: int) -> dict[str, str]:
    return store_child.clean_answers("Partner 007", f"finished in the benchmark, run {number}")


def bench(count: int, runs: int, slow_runs: int, profile: bool, folder: Path) -> None:
    path, single_path = folder / "db", folder / "single.json"
    start = time.perf_counter()
    build_folder(path, count)
    built = time.perf_counter() - start
    build_single(path, single_path)
    repository = Repository(path)
    single = Single(single_path)
    draft = repository.drafts()[0]
    assert draft.id is not None
    single_draft = single.drafts.all()[0].doc_id
    partner = "Partner 123"

    def save_answer(run: int) -> None:
        nonlocal draft
        notes = f"typed {run}"
        draft = repository.save_draft(replace(draft, answers={**draft.answers, "notes": notes}))

    finish_drafts = [
        repository.save_draft(Draft(answers={"partner": "Partner 007", "notes": f"f{n}"}))
        for n in range(runs + 5)
    ]
    for n in range(slow_runs + 1):
        single.drafts.insert(
            Document({"answers": {"notes": f"f{n}"}, "revision": 1}, doc_id=1000 + n)
        )

    rows: list[tuple[str, Callable[[int], object], Callable[[int], object]]] = [
        (
            "save one answer",
            save_answer,
            lambda run: single.save_draft(single_draft, f"typed {run}"),
        ),
        (
            "finish a diagnosis",
            lambda run: repository.finish_draft(finish_drafts[run], finish_answers(run)),
            lambda run: single.finish_draft(1000 + run, finish_answers(run)),
        ),
        (
            "open a partner",
            lambda _: repository.history(partner),
            lambda _: single.history(partner),
        ),
        (
            f"text search, {RARE!r} (1 found)",
            lambda _: repository.find(Filter(text=RARE)),
            lambda _: single.find_text(RARE),
        ),
        (
            f"text search, {COMMON!r} (all found)",
            lambda _: repository.find(Filter(text=COMMON)),
            lambda _: single.find_text(COMMON),
        ),
        (
            "cold open to home (open, partners)",
            lambda _: Repository(path).partners(),
            lambda _: Single(single_path).home(),
        ),
    ]
    assert len(repository.find(Filter(text=RARE))) == 1 == len(single.find_text(RARE))
    assert len(repository.history(partner)) == count // PARTNERS == len(single.history(partner))

    results = []
    for name, ours, theirs in rows:
        folder_ms = median_ms(ours, runs)
        single_ms = median_ms(theirs, slow_runs)
        results.append((name, folder_ms, single_ms))
    memory = []
    for name, ours, theirs in rows:
        memory.append(
            (name, peak_mb(lambda o=ours: o(runs)), peak_mb(lambda t=theirs: t(slow_runs)))
        )

    print(
        f"{count:,} diagnoses over {PARTNERS} partners (folder built through save_many per "
        f"partner in {built:.0f} s). Medians in ms: folder {runs} runs, single file "
        f"{slow_runs} runs; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.\n"
    )
    print("| operation | folder (ms) | one JSONStorage file (ms) | target | met |")
    print("|---|---|---|---|---|")
    for name, folder_ms, single_ms in results:
        target = TARGETS.get(name)
        verdict = "" if target is None else ("yes" if folder_ms <= target else "**no**")
        limit = f"≤ {target} ms" if target is not None else ""
        print(f"| {name} | {folder_ms:.1f} | {single_ms:.0f} | {limit} | {verdict} |")

    print("\n| peak memory (tracemalloc, MB) | folder | one JSONStorage file |")
    print("|---|---|---|")
    for name, ours_mb, theirs_mb in memory:
        print(f"| {name} | {ours_mb:.2f} | {theirs_mb:.0f} |")

    files, total = folder_size(path)
    partner_files, partner_mb = folder_size(path / "partners", "*.json")
    largest = max(f.stat().st_size for f in (path / "partners").glob("*.json")) / 1e3
    print("\n| file | size |")
    print("|---|---|")
    print(f"| the folder, every file ({files} files, backups included) | {total:.1f} MB |")
    print(f"| partners/*.json ({partner_files} files) | {partner_mb:.1f} MB |")
    print(f"| largest partner file | {largest:.0f} KB |")
    for name in ("index.json", "drafts.json", "meta.json"):
        print(f"| {name} | {(path / name).stat().st_size / 1e3:.1f} KB |")
    print(f"| one JSONStorage file | {single_path.stat().st_size / 1e6:.1f} MB |")

    print_import(count, folder / "import")

    if profile:
        for name, ours, _ in rows:
            profiler = cProfile.Profile()
            profiler.enable()
            for run in range(3):
                ours(runs + 1 + run)
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text).sort_stats("tottime")
            stats.print_stats(8)
            print(f"\n### where the folder's time goes: {name} (3 runs, by own time)\n")
            print("```")
            print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))
            print("```")


def print_import(count: int, path: Path) -> None:
    """``unstall import`` of ``count`` answers, each a new partner (a file each), then again."""
    from store.transfer import import_answers

    data = [
        {**answers, "partner": f"Imported {n:05d}"}
        for n, answers in enumerate(make_answers(count, TODAY, PARTNERS))
    ]
    print("\n| import (each item a new partner: one file each) | seconds |")
    print("|---|---|")
    with Repository(path) as repository:
        for name in (f"{count:,} new", f"the same {count:,} again (all skipped)"):
            start = time.perf_counter()
            import_answers(repository, data, TODAY)
            print(f"| {name} | {time.perf_counter() - start:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 diagnoses, fewer runs")
    parser.add_argument("--profile", action="store_true", help="profile the folder's operations")
    parser.add_argument(
        "--kill",
        type=int,
        nargs="?",
        const=200,
        metavar="N",
        help="run the kill harness with N kills (default 200) and every crash point",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        if args.kill:
            kill(folder, args.kill)
            return
        if args.quick:
            bench(1_000, runs=7, slow_runs=3, profile=args.profile, folder=folder)
        else:
            bench(10_000, runs=21, slow_runs=3, profile=args.profile, folder=folder)


def kill(folder: Path, kills: int) -> None:
    import subprocess

    report = store_child.run_kills(folder / "db", kills, seed=7, stop_early=False)
    print(report.summary() + "\n")
    print(report.table())
    for failure in report.failures:
        print(f"- {failure}")
    if report.temps:
        print(f"\nTemporary files left at the end: {', '.join(report.temps)}")
    if report.holding_deleted:
        print(f"Files holding a deleted diagnosis's notes: {', '.join(report.holding_deleted)}")

    work = folder / "points"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, str(store_child.HERE), "points", str(work)],
        capture_output=True,
        text=True,
        env=store_child.child_env(),
        check=True,
    )
    points = [json.loads(line) for line in done.stdout.splitlines()]
    print("\nEvery crash point (SIGKILL by fork before and after each file-system step):\n")
    print("| change | steps | points | not happened | happened | broken | temp files left |")
    print("|---|---|---|---|---|---|---|")
    for change in store_child.CHANGES:
        mine = [point for point in points if point["change"] == change]
        broken = [point for point in mine if point["result"].startswith("broken")]
        print(
            f"| {change} | {max(point['step'] for point in mine) - 1} | {len(mine)} | "
            f"{sum(point['result'] == 'not happened' for point in mine)} | "
            f"{sum(point['result'] == 'happened' for point in mine)} | {len(broken)} | "
            f"{sum(point['temps'] for point in mine)} |"
        )
    for point in points:
        if point["result"].startswith("broken"):
            when = "after" if point["after"] else "before"
            print(
                f"- {point['change']}, killed {when} step {point['step']} ({point['does']}): "
                f"{point['result']}"
            )


if __name__ == "__main__":
    main()
