"""Benchmark: the app's cold open to a usable home screen, and its memory, by history size.

    uv run python tests/bench_app.py            # 0, 1,000 and 10,000 diagnoses
    uv run python tests/bench_app.py --quick    # 0 and 1,000

Each measurement is a fresh process (a real cold open: imports, opening the database, the home
screen mounted and listing every partner), median of several runs. Prints a Markdown table.
Not a test: timings on shared machines are noisy, so targets are read here, not asserted.
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
from tui.app import make_app
from tui.screens.home import HomeScreen

async def main():
    repository = Repository(sys.argv[1])
    app = make_app(repository)
    async with app.run_test(size=(100, 32)) as pilot:
        while not isinstance(app.screen, HomeScreen) or not app.screen.is_mounted:
            await pilot.pause(0.01)
        await pilot.pause()
        ready = time.perf_counter() - started
        rows = app.screen.query_one("DataTable").row_count
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ready_ms": ready * 1000, "peak_mb": peak, "rows": rows}))

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


def measure(path: Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={"UNSTALL_TODAY": "2026-11-23", "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parent.parent,
        )
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    return {
        "ready_ms": statistics.median(r["ready_ms"] for r in results),
        "peak_mb": statistics.median(r["peak_mb"] for r in results),
        "rows": results[0]["rows"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="0 and 1,000 diagnoses only")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [0, 1_000] if args.quick else [0, 1_000, 10_000]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"db-{size}.json"
            build(path, size)
            rows.append((size, path.stat().st_size / 1e6, measure(path, args.runs)))
    base = rows[0][2]
    print(
        "| diagnoses | file MB | open to usable home (ms) | vs empty "
        "| peak memory (MB) | vs empty |"
    )
    print("|---|---|---|---|---|---|")
    for size, megabytes, result in rows:
        print(
            f"| {size:,} | {megabytes:.1f} | {result['ready_ms']:.0f} | "
            f"{result['ready_ms'] / base['ready_ms']:.2f}x | {result['peak_mb']:.0f} | "
            f"{result['peak_mb'] / base['peak_mb']:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
