"""Benchmark: the app's cold open to a usable home, its memory, one `diagnose --answers` command,
Find while typing, and the keys that open the main screens, by history size (a script, not a
test).

    uv run python tests/bench_app.py              # 0, 1,000 and 10,000 diagnoses (500 partners)
    uv run python tests/bench_app.py --quick      # 0 and 1,000
    uv run python tests/bench_app.py --only-keys  # only the keys' table (--no-keys: all but it)

The databases are folders (``store.repository``), built in a child process through the public
API, ``Repository.save_many`` in batches of 1,000 (one write per partner per batch), so this
process stays small.

- **Open to usable home**: each run is a fresh process started as ``tui.app.run`` starts the app
  (imports, opening the folder, home mounted listing every partner from the index). Home then
  calls ``warm`` (the folder checked against the index: a stat per partner file); "warm done"
  is the time from start until that is done; peak memory (VmHWM) is taken after it.
- **diagnose command**: a whole ``python -m tui.cli --db FOLDER diagnose --answers FILE`` (what
  the ``unstall`` script runs), saving one diagnosis of an existing partner; wall and CPU time.
- **Find while typing**: on the Find screen, a partner's name, then words of a note, typed at
  a fast typist's pace (a key every 60 ms, each posted as the terminal posts it): after the
  last key, when the first
  results of the last search are shown ("Searching…" replaced), when all are (no search
  running), and the longest a single key kept the app busy; with one diagnosis and with the
  largest history.
- **Keys**: in a fresh process per run (on a copy of the folder, as a run changes it), each key
  of ``KEYS`` pressed through the Pilot, timed until the screen it opens is on top with the
  cursor where it belongs (waiting on ``pilot.pause()`` and ``app.workers.wait_for_complete()``,
  never the clock): ``n`` on home (cursor in the partner field), ``pagedown`` to the next
  section (cursor in its first field), ``n`` on a partner's page (the follow-up), and on a
  verdict ``m`` (the meeting), ``ctrl+s`` (the decision dialog) and ``r`` (the drafts). At the
  empty database and the largest, side by side; the keys that need a diagnosis run at one
  diagnosis instead of none. Each Pilot wait lasts at least 20 ms (Textual's idle check), so
  the first row, a key bound to nothing, is the floor every key carries.

The sizes take turns, run after run, so a noisy neighbour on a shared machine hits them alike;
the tables show medians. Prints Markdown tables. Timings on shared machines are noisy, so the
targets are read here, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)

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
        # then checks the folder against the index (see Repository.warm).
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

FIND_CHILD = r"""
import asyncio, json, sys, time
from textual import events
from store.repository import Repository
from tui.app import freeze_start_up, make_app
from tui.screens.find import FindScreen

PACE = 0.060  # a key every 60 ms


async def main():
    repository = Repository(sys.argv[1])
    freeze_start_up()
    app = make_app(repository)
    app.warm_repository = lambda: None  # not measured here

    def busy():
        return any(worker.is_running for worker in app.workers)

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("f")
        while not isinstance(app.screen, FindScreen) or busy():
            await pilot.pause(0.01)
        await pilot.pause(0.1)
        field = app.screen.query_one("#" + sys.argv[3])
        field.focus()
        await pilot.pause(0.05)
        found_label = app.screen.query_one("#found")
        updates = []  # (when, what) of each change to the "N found" line
        update = found_label.update

        def recorded(content=""):
            updates.append((time.perf_counter(), str(content)))
            update(content)

        found_label.update = recorded
        # Each key is posted as the terminal driver posts one (no Pilot wait for the app to
        # be idle, which a search in a worker would stretch); a key's time is until the field
        # shows it: how long it waited on whatever the app was doing.
        start = time.perf_counter()
        longest = 0.0
        for number, character in enumerate(sys.argv[2]):
            wait = start + number * PACE - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            pressed = time.perf_counter()
            key = "space" if character == " " else character
            app.post_message(events.Key(key, character))
            while len(field.value) < number + 1:
                await asyncio.sleep(0.0005)
            longest = max(longest, time.perf_counter() - pressed)
        last = pressed
        await pilot.pause()
        while busy():
            await asyncio.sleep(0.001)
        await pilot.pause(0.2)
        # The last search: from its "Searching…" (a search in a worker) or its only update.
        starts = [n for n, (_, text) in enumerate(updates) if text.startswith("Searching")]
        final = updates[starts[-1] + 1 :] if starts else updates[-1:]
        result = {
            "first_ms": (final[0][0] - last) * 1000,
            "lag_ms": (final[-1][0] - last) * 1000,
            "key_ms": longest * 1000,
            "found": final[-1][1],
            "value": field.value,
        }
    print(json.dumps(result))

asyncio.run(main())
"""

KEYS_CHILD = r"""
import asyncio, json, sys, time
from store.repository import Repository
from tui.app import freeze_start_up, make_app

FIX = "Jo names an owner for the newsletter slots"


async def main():
    repository = Repository(sys.argv[1])
    freeze_start_up()
    app = make_app(repository)
    warmed = []
    warm = app.warm_repository

    def timed_warm():
        warm()
        warmed.append(True)

    app.warm_repository = timed_warm
    times = {}

    def focused_in(screen_name, selector=None):
        # The screen on top, by its class's name (the app imports each screen's module when
        # it first opens it: that is part of the key's time, so not imported here), and the
        # cursor in it (in ``selector`` when given).
        screen = app.screen
        focused = app.focused
        if type(screen).__name__ != screen_name or focused is None or focused.screen is not screen:
            return False
        return selector is None or screen.query_one(selector(screen)) in focused.ancestors_with_self

    def focus_is(name):
        return type(app.focused).__name__ == name

    def in_field(name=None):
        return lambda screen: "#field-" + (name or screen.session.position)

    async def settle(ready):
        # Until ``ready``: the app idle (pilot.pause) and no worker left running, again and
        # again; never the clock. (500 waits, 10 s at least: a key that opened something else.)
        for _ in range(500):
            await pilot.pause()
            await app.workers.wait_for_complete()
            if ready():
                return
        raise RuntimeError(f"not ready: {app.screen!r}, cursor on {app.focused!r}")

    async def timed(name, key, ready):
        start = time.perf_counter()
        await pilot.press(key)
        await settle(ready)
        times[name] = (time.perf_counter() - start) * 1000

    async def typed(text):
        await pilot.press("home", "ctrl+k")
        await pilot.press(*["space" if character == " " else character for character in text])

    async with app.run_test(size=(100, 32)) as pilot:
        await settle(lambda: bool(warmed) and type(app.screen).__name__ == "HomeScreen")
        screen = app.screen
        # The floor: a key nothing is bound to, the Pilot's own waits (at least 20 ms each).
        await timed("floor", "f12", lambda: app.screen is screen)
        await timed("home_n", "n", lambda: focused_in("QuestionnaireScreen", in_field("partner")))
        first = app.screen.section_index

        def next_section():
            return app.screen.section_index == first + 1 and focused_in(
                "QuestionnaireScreen", in_field()
            )

        await timed("pagedown", "pagedown", next_section)
        await pilot.press("escape")
        await settle(lambda: app.screen is screen)
        if screen.partners:
            await pilot.press("enter")
            await settle(lambda: focused_in("PartnerScreen"))
            partner = app.screen
            await timed("partner_n", "n", lambda: focused_in("QuestionnaireScreen", in_field()))
            await pilot.press("escape")
            await settle(lambda: app.screen is partner and focused_in("PartnerScreen"))
            await pilot.press("enter")
            await settle(lambda: focused_in("VerdictScreen"))
            await timed("m", "m", lambda: focused_in("MeetingScreen") and focus_is("Checklist"))
            # Not timed: their answer (yes) and the fix typed, enough to finish.
            await pilot.press("y", "tab", "tab")
            await typed(FIX)
            await settle(lambda: app.screen.typed.get("fix", "").strip() == FIX)
            await timed(
                "ctrl+s",
                "ctrl+s",
                lambda: focused_in("FinishScreen") and focus_is("Button"),
            )
            await timed("r", "r", lambda: focused_in("DraftsScreen"))
    print(json.dumps(times))

asyncio.run(main())
"""

PARTNERS = 500

KEYS = {
    "floor": "a key bound to nothing, on home (the Pilot's own waits)",
    "home_n": "`n` on home, to the questionnaire (cursor in partner)",
    "pagedown": "`pagedown` in the questionnaire, to the next section",
    "partner_n": "`n` on a partner's page, to the follow-up",
    "m": "`m` on a verdict, to the meeting",
    "ctrl+s": "`ctrl+s` in the meeting, to the decision dialog",
    "r": "`r` in the decision dialog, to the drafts",
}
"""The keys timed by :data:`KEYS_CHILD`, in the order pressed, with what each row says."""
NEEDS_A_DIAGNOSIS = {"partner_n", "m", "ctrl+s", "r"}
"""Keys that need a partner and a diagnosis: the smallest database they run on has one."""


def make_answers(count: int, today: date, partners: int = PARTNERS) -> list[dict[str, str]]:
    """``count`` realistic diagnoses over ``partners`` partners, spread over three years."""
    kinds = ["referral", "co-marketing", "reseller", "technology", "strategic-alliance"]
    choices = ["yes", "partly", "no", "unsure"]
    result = []
    for number in range(count):
        on = today - timedelta(days=number % 1000)
        result.append(
            {
                "partner": f"Partner {number % partners:03d}",
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
    """The folder at ``path`` with ``count`` diagnoses, through ``save_many`` (batches of
    1,000: one write of each partner's file per batch)."""
    sys.path.insert(0, str(ROOT))
    from store.repository import Repository

    repository = Repository(path)
    try:
        answers = make_answers(count, TODAY)
        for start in range(0, len(answers), 1000):
            repository.save_many(answers[start : start + 1000])
    finally:
        repository.close()


def folder_megabytes(path: Path) -> float:
    """The folder's size on disk: each file once (a backup is a hard link to an older copy)."""
    seen: dict[tuple[int, int], int] = {}
    for file in path.rglob("*"):
        if file.is_file():
            st = file.stat()
            seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values()) / 1e6


def child_env() -> dict[str, str]:
    return {"UNSTALL_TODAY": TODAY.isoformat(), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}


def run_once(path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run_diagnose(path: Path, answers: Path) -> dict[str, float]:
    """One whole ``diagnose --answers`` command: wall and CPU time (ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "diagnose", "--answers", str(answers)],
        stdout=subprocess.DEVNULL,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return {"command_ms": wall, "command_cpu_ms": cpu}


def run_find(path: Path, typed: str, field: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", FIND_CHILD, str(path), typed, field],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run_keys(path: Path, folder: Path) -> dict[str, float]:
    """The keys of :data:`KEYS` pressed in a fresh process, on a copy of the folder at
    ``path`` (a meeting held or a draft kept changes the database: each run starts alike)."""
    copy = folder / "keys-run"
    shutil.copytree(path, copy)
    try:
        output = subprocess.run(
            [sys.executable, "-c", KEYS_CHILD, str(copy)],
            capture_output=True,
            text=True,
            check=True,
            env=child_env(),
            cwd=ROOT,
        )
    finally:
        shutil.rmtree(copy)
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def median(results: list[dict[str, float]], key: str) -> float:
    return statistics.median(result[key] for result in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="0 and 1,000 diagnoses only")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-find", action="store_true", help="skip the Find typing measure")
    parser.add_argument("--no-keys", action="store_true", help="skip the key response measure")
    parser.add_argument(
        "--only-keys", action="store_true", help="only the key response measure (its table)"
    )
    parser.add_argument("--build", nargs=2, metavar=("PATH", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build[0]), int(args.build[1]))
        return 0
    sizes = [0, 1_000] if args.quick else [0, 1_000, 10_000]
    find_sizes = [1, sizes[-1]]
    keys_sizes = [] if args.no_keys else [0, 1, sizes[-1]]  # 1: the least a verdict needs
    if args.only_keys:
        sizes, args.no_find = [], True
    typings = {"partner": "Partner 123", "text": "number 777:"}
    with tempfile.TemporaryDirectory() as folder:
        paths: dict[int, Path] = {}
        for size in sorted({*sizes, *([] if args.no_find else find_sizes), *keys_sizes}):
            paths[size] = Path(folder) / f"db-{size}"
            # In a child process, so this one stays small (see VmHWM above).
            subprocess.run(
                [sys.executable, __file__, "--build", str(paths[size]), str(size)],
                check=True,
                env={**os.environ, **child_env()},
            )
        megabytes = {size: folder_megabytes(paths[size]) for size in sizes}
        answers = Path(folder) / "answers.json"
        answers.write_text(json.dumps(make_answers(8, TODAY)[7]), encoding="utf-8")
        opens: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        commands: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        finds: dict[tuple[str, int], list[dict[str, float]]] = {
            (field, size): [] for field in typings for size in find_sizes
        }
        keys: dict[int, list[dict[str, float]]] = {size: [] for size in keys_sizes}
        if sizes:
            run_once(paths[sizes[0]])  # warm the disk cache and the imports' bytecode
            run_diagnose(paths[sizes[0]], answers)
        for _ in range(args.runs):
            for size in sizes:
                opens[size].append(run_once(paths[size]))
                commands[size].append(run_diagnose(paths[size], answers))
        if not args.no_find:
            for _ in range(max(3, args.runs // 2)):
                for size in find_sizes:
                    for field, typed in typings.items():
                        finds[field, size].append(run_find(paths[size], typed, field))
        if keys_sizes:
            run_keys(paths[keys_sizes[-1]], Path(folder))  # warm, as above
            for _ in range(args.runs):
                for size in keys_sizes:
                    keys[size].append(run_keys(paths[size], Path(folder)))
    print(
        f"Medians of {args.runs} runs, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        f"{PARTNERS} partners.\n"
    )
    if sizes:
        print_tables(sizes, megabytes, opens, commands)
    if not args.no_find:
        print_finds(typings, find_sizes, finds)
    if keys_sizes:
        print_keys(keys_sizes, keys)
    return 0


def print_tables(
    sizes: list[int],
    megabytes: dict[int, float],
    opens: dict[int, list[dict[str, float]]],
    commands: dict[int, list[dict[str, float]]],
) -> None:
    base = sizes[0]
    print(
        "| diagnoses | files MB | open to usable home (ms) | vs empty | CPU (ms) | vs empty "
        "| warm done (ms) | peak memory (MB) | vs empty |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        ready, cpu, peak = (median(opens[size], k) for k in ("ready_ms", "cpu_ms", "peak_mb"))
        print(
            f"| {size:,} | {megabytes[size]:.1f} | {ready:.0f} | "
            f"{ready / median(opens[base], 'ready_ms'):.2f}x | {cpu:.0f} | "
            f"{cpu / median(opens[base], 'cpu_ms'):.2f}x | {median(opens[size], 'warm_ms'):.0f} | "
            f"{peak:.0f} | {peak / median(opens[base], 'peak_mb'):.2f}x |"
        )
    print("\n| diagnoses | `diagnose --answers` (ms) | vs empty | CPU (ms) | vs empty |")
    print("|---|---|---|---|---|")
    for size in sizes:
        wall, cpu = median(commands[size], "command_ms"), median(commands[size], "command_cpu_ms")
        print(
            f"| {size:,} | {wall:.0f} | {wall / median(commands[base], 'command_ms'):.2f}x | "
            f"{cpu:.0f} | {cpu / median(commands[base], 'command_cpu_ms'):.2f}x |"
        )


def print_finds(
    typings: dict[str, str],
    find_sizes: list[int],
    finds: dict[tuple[str, int], list[dict[str, float]]],
) -> None:
    runs = len(finds["partner", find_sizes[0]])
    print(f"\nFind, typing at a key every 60 ms ({runs} runs; times after the last key):\n")
    print(
        "| typed | diagnoses | first results (ms) | all results (ms) | longest key (ms) | shown |"
    )
    print("|---|---|---|---|---|---|")
    for field, typed in typings.items():
        for size in find_sizes:
            these = finds[field, size]
            print(
                f"| {typed!r} in {field} | {size:,} | {median(these, 'first_ms'):.0f} | "
                f"{median(these, 'lag_ms'):.0f} | {median(these, 'key_ms'):.0f} | "
                f"{these[-1]['found']} |"
            )


def print_keys(keys_sizes: list[int], keys: dict[int, list[dict[str, float]]]) -> None:
    """Each key at the empty database (or, for a key that needs a diagnosis, the one with
    one) and at the largest, side by side."""
    runs = len(keys[keys_sizes[0]])
    print(
        f"\nKeys, from the press until the screen is shown with the cursor in place ({runs} "
        "runs; a fresh process each):\n"
    )
    print("| key | diagnoses | median (ms) | vs empty |")
    print("|---|---|---|---|")
    for key, label in KEYS.items():
        small = keys_sizes[1] if key in NEEDS_A_DIAGNOSIS else keys_sizes[0]
        base = median(keys[small], key)
        for size in (small, keys_sizes[-1]):
            value = median(keys[size], key)
            print(f"| {label} | {size:,} | {value:.0f} | {value / base:.2f}x |")


if __name__ == "__main__":
    raise SystemExit(main())
