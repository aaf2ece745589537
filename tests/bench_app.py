"""Benchmark: the app's cold open to a usable home screen, and its memory, by history size.

    uv run python tests/bench_app.py            # 0, 1,000 and 10,000 diagnoses
    uv run python tests/bench_app.py --quick    # 0 and 1,000

Each measurement is a fresh process started as ``tui.app.run`` starts the app (a real cold open:
imports, opening the database, the home screen mounted and listing every partner). Home lists
partners from the partners index; the diagnoses themselves are read right after it is on screen
("diagnoses read": the time from start until that is done; peak memory is taken after it). The
sizes take turns, run after run, so a noisy neighbour on a shared machine hits them alike; the
table shows the median of the runs, in wall time and in CPU time (steadier where the machine is
shared). Prints a Markdown table. Not a test: timings on shared machines are noisy, so targets
are read here, not asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, asyncio
started = time.perf_counter()
from store.repository import Repository
from tui.app import freeze_start_up, make_app
from tui.screens.home import HomeScreen

async def main():
    repository = Repository(sys.argv[1])
    freeze_start_up()  # as tui.app.run does
    app = make_app(repository)
    marks = {}
    warm = app.warm_repository

    def timed_warm():
        # Home calls this once it has been drawn with its partners: home is usable. The app
        # then reads the diagnoses themselves (see Repository.warm).
        if "shown" not in marks:
            marks["shown"] = time.perf_counter() - started
            usage = resource.getrusage(resource.RUSAGE_SELF)
            marks["cpu"] = (usage.ru_utime + usage.ru_stime) * 1000
        warm()
        marks.setdefault("warm", time.perf_counter() - started)

    app.warm_repository = timed_warm
    async with app.run_test(size=(100, 32)) as pilot:
        while "warm" not in marks:
            await pilot.pause(0.01)
        assert isinstance(app.screen, HomeScreen)
        rows = app.screen.query_one("#partners").row_count
    # VmHWM: the peak resident memory of this program. (ru_maxrss would not do: Linux carries
    # it over exec, so it can report the parent's memory instead.)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    result = {"ready_ms": marks["shown"] * 1000, "warm_ms": marks["warm"] * 1000}
    print(json.dumps({**result, "cpu_ms": marks["cpu"], "peak_mb": peak, "rows": rows}))

asyncio.run(main())
"""

PARTNERS = 400


def make_answers(count: int, today: date) -> list[dict[str, str]]:
    """``count`` realistic diagnoses over ``PARTNERS`` partners, spread over three years."""
    kinds = ["referral", "co-marketing", "reseller", "technology", "strategic-alliance"]
    choices = ["yes", "partly", "no", "unsure"]
    result = []
    for number in range(count):
        on = today - timedelta(days=number % 1000)
        result.append(
            {
                "partner": f"Partner {number % PARTNERS:03d}",
                "kind": kinds[number % len(kinds)],
                "diagnosed_on": on.isoformat(),
                "started": (on - timedelta(days=200)).isoformat(),
                "fit_audience": choices[number % 3],
                "fit_incentives": "yes",
                "fit_delivery": choices[(number // 3) % 3],
                "value_ours": "a newsletter read by forty thousand small-business owners",
                "value_theirs": "travel discounts our members keep asking for",
                "still_want": "yes",
                "owner_ours": f"Owner {number % 37}",
                "owner_theirs": "" if number % 5 == 0 else f"Contact {number % 53}",
                "owner_in_role": choices[number % 4],
                "last_conversation": (on - timedelta(days=number % 90)).isoformat(),
                "standing_review": "yes" if number % 2 else "no",
                "review_cadence": "monthly" if number % 2 else "none",
                "expectations_written": choices[number % 4],
                "success_metrics": "qualified referrals per month",
                "workload": "balanced",
                "enablement_materials": "partly",
                "enablement_contact": "yes",
                "activity": ["rising", "steady", "slowing", "stopped"][number % 4],
                "outcomes": ["rising", "flat", "falling"][number % 3],
                "last_activity": (on - timedelta(days=number % 60)).isoformat(),
                "notes": f"Observation number {number}: their last two slots went unused.",
            }
        )
    return result


def build(path: Path, count: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from store.repository import Repository

    repository = Repository(path)
    try:
        answers = make_answers(count, date(2026, 11, 23))
        for start in range(0, len(answers), 1000):
            repository.save_many(answers[start : start + 1000])
    finally:
        repository.close()


def run_once(path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"UNSTALL_TODAY": "2026-11-23", "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def summarize(results: list[dict[str, float]]) -> dict[str, float]:
    return {
        key: statistics.median(result[key] for result in results)
        for key in ("ready_ms", "warm_ms", "cpu_ms", "peak_mb", "rows")
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="0 and 1,000 diagnoses only")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build", nargs=2, metavar=("PATH", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build[0]), int(args.build[1]))
        return 0
    sizes = [0, 1_000] if args.quick else [0, 1_000, 10_000]
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for size in sizes:
            paths[size] = Path(folder) / f"db-{size}.json"
            # In a child process, so this one stays small (see VmHWM above).
            subprocess.run(
                [sys.executable, __file__, "--build", str(paths[size]), str(size)], check=True
            )
        megabytes = {
            size: sum(f.stat().st_size for f in Path(folder).glob(f"db-{size}.json*")) / 1e6
            for size in sizes
        }
        results: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        run_once(paths[sizes[0]])  # warm the disk cache and the imports' bytecode
        for _ in range(args.runs):
            for size in sizes:
                results[size].append(run_once(paths[size]))
    table = {size: summarize(found) for size, found in results.items()}
    base = table[sizes[0]]
    print(
        "| diagnoses | files MB | open to usable home (ms) | vs empty | CPU (ms) | vs empty "
        "| diagnoses read (ms) | peak memory (MB) | vs empty |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        result = table[size]
        print(
            f"| {size:,} | {megabytes[size]:.1f} | {result['ready_ms']:.0f} | "
            f"{result['ready_ms'] / base['ready_ms']:.2f}x | {result['cpu_ms']:.0f} | "
            f"{result['cpu_ms'] / base['cpu_ms']:.2f}x | {result['warm_ms']:.0f} | "
            f"{result['peak_mb']:.0f} | {result['peak_mb'] / base['peak_mb']:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
