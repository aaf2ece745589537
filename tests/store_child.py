"""A child process for the storage tests and benchmark (run as a script, also importable).

    python tests/store_child.py loop PATH SEED      insert/update forever, print each save
    python tests/store_child.py insert PATH N TAG   insert N documents
    python tests/store_child.py increment PATH N    add 1 to document 1's "n", N times
    python tests/store_child.py fsize PATH LIMIT    insert with RLIMIT_FSIZE=LIMIT (real EFBIG)

Each line printed by ``loop`` is flushed only after the save returned, so whatever the parent
read before killing the child must be in the database.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.errors import DatabaseWriteFailed  # noqa: E402
from store.storage import DEFAULT_STORAGE, UnstallTinyDB  # noqa: E402

HERE = Path(__file__).resolve()
SENTENCE = "We agreed to revisit the split once the second client signed, and we never did."


def make_document(n: int, rng: random.Random | None = None) -> dict:
    """A realistic diagnosis document of about 2.7 KB."""
    rng = rng or random.Random(n)
    return {
        "schema": 3,
        "partner": f"Partner {n % 500}",
        "diagnosed_on": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "created_at": "2026-11-23T10:00:00",
        "answers": {f"q{i:02d}": f"answer {rng.randint(0, 9)} to question {i}" for i in range(25)},
        "result": {
            "verdict": rng.choice(["healthy", "drifting", "stalled", "broken"]),
            "causes": [SENTENCE[: 40 + i] for i in range(8)],
            "talking_points": [f"{i}. {SENTENCE}" for i in range(14)],
        },
        "edited_points": None,
        "outcome": None,
        "n": n,
    }


def open_db(path: str) -> UnstallTinyDB:
    kwargs = json.loads(os.environ.get("STORE_CHILD_KWARGS", "{}"))
    return UnstallTinyDB(path, storage=DEFAULT_STORAGE, **kwargs)


def loop(path: str, seed: int) -> None:
    rng = random.Random(seed)
    db = open_db(path)
    table = db.table("diagnoses")
    counter = seed * 1_000_000  # above every save of earlier rounds
    ids = [doc.doc_id for doc in table.all()]
    while True:
        counter += 1
        if ids and rng.random() < 0.5:
            doc_id = rng.choice(ids)
            table.update({"n": counter, "outcome": f"v{counter}"}, doc_ids=[doc_id])
            print(f"U {doc_id} {counter}", flush=True)
        elif ids and rng.random() < 0.05:
            doc_id = ids.pop(rng.randrange(len(ids)))
            print(f"R {doc_id} {counter}", flush=True)  # removing: may be gone before "D"
            table.remove(doc_ids=[doc_id])
            print(f"D {doc_id} {counter}", flush=True)
        else:
            doc_id = table.insert(make_document(counter, rng))
            ids.append(doc_id)
            print(f"I {doc_id} {counter}", flush=True)


def insert(path: str, count: int, tag: str) -> None:
    db = open_db(path)
    table = db.table("diagnoses")
    for i in range(count):
        table.insert({"tag": tag, "i": i})
    db.close()


def increment(path: str, count: int) -> None:
    db = open_db(path)
    table = db.table("counter")
    for _ in range(count):
        with db.storage.lock():
            doc = table.get(doc_id=1)
            assert doc is not None
            table.update({"n": doc["n"] + 1}, doc_ids=[1])
    db.close()


def fsize(path: str, limit: int) -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    db = open_db(path)
    table = db.table("diagnoses")
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    saved = 0
    try:
        for n in range(10_000):
            table.insert(make_document(n))
            saved += 1
    except DatabaseWriteFailed as error:
        print(json.dumps({"saved": saved, "error": str(error)}), flush=True)
        return
    print(json.dumps({"saved": saved, "error": None}), flush=True)


# -- the kill test, shared by tests/test_storage.py and tests/bench_store.py ------------------


def check_saves(path: str, lines: list[str]) -> int:
    """Open the database and check that every save reported in ``lines`` is in it. Returns
    the number of saves checked."""
    # doc id -> lowest acceptable "n"; None: removed; -1: being removed, either is right
    expected: dict[int, int | None] = {}
    for line in lines:
        kind, doc_id_text, counter_text = line.split()
        doc_id, counter = int(doc_id_text), int(counter_text)
        expected[doc_id] = {"D": None, "R": -1}.get(kind, counter)
    db = UnstallTinyDB(path, storage=DEFAULT_STORAGE)
    try:
        table = db.table("diagnoses")
        for doc_id, counter in expected.items():
            doc = table.get(doc_id=doc_id)
            if counter == -1:
                continue
            if counter is None:
                assert doc is None, f"document {doc_id} was removed but is back"
            else:
                assert doc is not None, f"document {doc_id} (save {counter}) is lost"
                assert doc["n"] >= counter, f"document {doc_id}: save {counter} is lost"
    finally:
        db.close()
    return len(lines)


def kill_rounds(
    mode: str,
    path: str,
    rounds: int,
    seed: int,
    max_delay: float,
    check: Callable[[str, list[str]], object],
    env: dict[str, str],
) -> int:
    """Start the ``mode`` child, SIGKILL it at a random moment, ``check`` every change it
    reported so far, repeat. Returns the number of changes checked."""
    rng = random.Random(seed)
    all_lines: list[str] = []
    for round_no in range(rounds):
        child = subprocess.Popen(
            [sys.executable, str(HERE), mode, path, str(seed * 100_000 + round_no + 1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # wait until it saves, then let it run a while
        time.sleep(rng.uniform(0.0, max_delay))
        child.send_signal(signal.SIGKILL)
        # Read the rest through the same buffered reader: readline() may have read ahead,
        # and communicate() would read the pipe beneath it and lose those lines.
        out = child.stdout.read()
        err = child.stderr.read() if child.stderr is not None else b""
        child.wait()
        if not first:
            raise AssertionError(f"the child did not start: {err.decode()[-2000:]}")
        text = (first + out).decode()
        lines = text.split("\n")[:-1]  # the last piece may be a half-printed line
        all_lines.extend(line for line in lines if line)
        check(path, all_lines)
    return sum(1 for line in all_lines if line[0] != "R")


def run_kills(path: str, rounds: int, seed: int = 0, max_delay: float = 0.25) -> int:
    """The kill test on TinyDB with the storage. Returns the number of saves checked."""
    env = dict(os.environ)
    # A small journal threshold, so kills also land during compactions.
    env["STORE_CHILD_KWARGS"] = json.dumps({"min_journal_bytes": 64 * 1024})
    return kill_rounds("loop", path, rounds, seed, max_delay, check_saves, env)


# -- the same through the repository: answers in the side file, summaries in the table -------

REPO_ANSWERS = {
    "diagnosed_on": "2026-11-23",
    "owner_ours": "Kim",
    "owner_theirs": "",
    "standing_review": "no",
    "activity": "slowing",
}


def repo_loop(path: str, seed: int) -> None:
    """Save diagnoses, edit their points and delete some, printing each change once it
    returned: ``I id n`` saved with notes ``save n``, ``U id n`` edited to ``v n``, ``R``/``D``
    removing/removed."""
    from store.repository import Repository

    rng = random.Random(seed)
    repository = Repository(path)
    counter = seed * 1_000_000
    ids = [summary.id for summary in repository.list()]
    while True:
        counter += 1
        roll = rng.random()
        if ids and roll < 0.3:
            doc_id = rng.choice(ids)
            repository.set_edited_points(doc_id, f"v {counter}")
            print(f"U {doc_id} {counter}", flush=True)
        elif ids and roll < 0.4:
            doc_id = ids.pop(rng.randrange(len(ids)))
            print(f"R {doc_id} {counter}", flush=True)
            repository.delete(doc_id)
            print(f"D {doc_id} {counter}", flush=True)
        else:
            partner = f"Partner {rng.randrange(20)}"
            saved = repository.save(
                {**REPO_ANSWERS, "partner": partner, "notes": f"save {counter} " + "x" * 400}
            )
            assert saved.id is not None
            ids.append(saved.id)
            print(f"I {saved.id} {counter}", flush=True)


def check_repository(path: str, lines: list[str]) -> None:
    from store.repository import Repository

    saved: dict[int, int] = {}
    edited: dict[int, int] = {}
    removed: dict[int, bool] = {}  # True: surely gone; False: either is right
    for line in lines:
        kind, doc_id_text, counter_text = line.split()
        doc_id, counter = int(doc_id_text), int(counter_text)
        if kind == "I":
            saved[doc_id] = counter
            removed.pop(doc_id, None)  # an id may be used again after a delete
            edited.pop(doc_id, None)
        elif kind == "U":
            edited[doc_id] = counter
        else:
            removed[doc_id] = kind == "D"
    with Repository(path) as repository:
        for doc_id, counter in saved.items():
            found = repository.get(doc_id)
            if doc_id in removed:
                assert not (removed[doc_id] and found is not None), f"{doc_id} is back"
                continue
            assert found is not None, f"diagnosis {doc_id} (save {counter}) is lost"
            notes_counter = int(found.answers["notes"].split()[1])
            assert notes_counter >= counter, f"diagnosis {doc_id}: save {counter} is lost"
            if doc_id in edited:
                assert found.edited_points is not None, f"{doc_id}: edit lost"
                assert int(found.edited_points.split()[1]) >= edited[doc_id]


def run_repo_kills(path: str, rounds: int, seed: int = 0, max_delay: float = 0.3) -> int:
    """The kill test through the repository. Returns the number of changes checked."""
    env = {**os.environ, "UNSTALL_TODAY": "2026-11-23"}
    return kill_rounds("repo-loop", path, rounds, seed, max_delay, check_repository, env)


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    if mode == "loop":
        loop(path, int(argv[2]))
    elif mode == "repo-loop":
        repo_loop(path, int(argv[2]))
    elif mode == "insert":
        insert(path, int(argv[2]), argv[3])
    elif mode == "increment":
        increment(path, int(argv[2]))
    elif mode == "fsize":
        fsize(path, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
