"""TinyDB's own test suite, run with ``JSONStorage`` swapped for ``store.files.AtomicJSONStorage``.

Run from the project folder (it needs the package index, so it is not part of the default test run;
pytest does not collect this file and no test imports it)::

    uv run python tests/tinydb_suite.py [extra pytest arguments, e.g. -x or -k json]

It finds the installed ``tinydb`` version, downloads that version's sdist with
``pip download --no-deps --no-binary :all: tinydb==VERSION``, copies the sdist's ``tests/`` folder
into a temporary folder, puts the swap at the top of the copied ``conftest.py`` (every name a
test can reach ``JSONStorage`` by: ``tinydb.JSONStorage``, ``tinydb.storages.JSONStorage``,
``tinydb.database.JSONStorage`` and ``TinyDB.default_storage_class``, so both
``TinyDB(path)`` and ``TinyDB(path, storage=JSONStorage)`` use ours), adds one test that checks the
swap took effect, runs the whole suite with ``python -m pytest``, prints a table of the results
per file, and exits with pytest's code. No TinyDB test is edited, skipped or deselected.

Two TinyDB tests look at ``JSONStorage``'s names rather than its behaviour; the class swapped in
is ``AtomicJSONStorage`` under those names, the tests themselves are untouched:

- ``test_tables.py::test_table_repr`` matches ``<tinydb.storages.JSONStorage object at ...>`` in
  the table's repr, so the swapped-in class is a subclass named ``JSONStorage`` in the module
  ``tinydb.storages``;
- ``test_middlewares.py::test_caching_json_write`` asserts ``db._storage._handle.closed`` after
  closing: ``JSONStorage`` keeps its file open as ``_handle``, ours holds no handle (it opens the
  file afresh for every read), so the subclass answers ``_handle`` with the storage itself, whose
  ``closed`` is the real closed state (it stays False until ``close()``).

``test_storages.py::test_yaml`` needs PyYAML; when it is not installed the suite runs under
``uv run --with pyyaml`` so that test runs too rather than skipping.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SWAP = '''\
# --- Added by unstall's tests/tinydb_suite.py: JSONStorage is AtomicJSONStorage from here on.
import tinydb
import tinydb.database
import tinydb.storages
from store.files import AtomicJSONStorage


class JSONStorage(AtomicJSONStorage):
    """AtomicJSONStorage under JSONStorage's names (see tests/tinydb_suite.py in unstall)."""

    __module__ = "tinydb.storages"  # test_table_repr matches the repr

    @property
    def _handle(self):  # test_caching_json_write asserts `_handle.closed` after close()
        return self


tinydb.storages.JSONStorage = JSONStorage
tinydb.JSONStorage = JSONStorage
tinydb.database.JSONStorage = JSONStorage
tinydb.TinyDB.default_storage_class = JSONStorage
del JSONStorage
# --- End of the swap; TinyDB's own conftest.py follows unchanged.

'''

SWAP_CHECK = '''\
"""Added by unstall's tests/tinydb_suite.py: the swap reached every name the tests use."""
import tinydb
from store.files import AtomicJSONStorage
from tests import conftest, test_middlewares, test_storages, test_tinydb


def test_every_json_storage_name_is_atomic(tmp_path):
    for module in (tinydb, tinydb.storages, tinydb.database, conftest, test_middlewares,
                   test_storages, test_tinydb):
        assert issubclass(module.JSONStorage, AtomicJSONStorage), module
    with tinydb.TinyDB(tmp_path / "db.json") as db:
        assert isinstance(db.storage, AtomicJSONStorage)
'''


def pip_command() -> list[str]:
    """pip of this interpreter, else one on PATH, else pip run by uv."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        found = shutil.which(name)
        if found:
            return [found]
    if shutil.which("uvx"):
        return ["uvx", "pip"]
    raise SystemExit("tinydb_suite: no pip found to download the TinyDB sdist")


def pytest_command() -> list[str]:
    """pytest of this interpreter, with PyYAML added through uv when it is missing."""
    if importlib.util.find_spec("yaml") is not None or shutil.which("uv") is None:
        return [sys.executable, "-m", "pytest"]
    uv_run = ["uv", "run", "--frozen", "--project", str(ROOT), "--with", "pyyaml"]
    return [*uv_run, "python", "-m", "pytest"]


def fetch_tests(version: str, work: Path) -> Path:
    """Download and unpack the sdist of tinydb ``version``; return its ``tests`` folder."""
    download = work / "sdist"
    subprocess.run(
        [*pip_command(), "download", "--no-deps", "--no-binary", ":all:"]
        + [f"tinydb=={version}", "-d", str(download)],
        check=True,
    )
    (archive,) = download.glob(f"tinydb-{version}.tar.gz")
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(download, filter="data")
        else:  # Python before 3.10.12 / 3.11.4: the archive comes from the index we trust
            tar.extractall(download)
    return download / f"tinydb-{version}" / "tests"


def prepare(tests: Path, work: Path) -> Path:
    """Copy ``tests`` into a folder of its own, with the swap and its check added."""
    suite = work / "suite"
    shutil.copytree(tests, suite / "tests")
    (suite / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not our project's config
    conftest = suite / "tests" / "conftest.py"
    conftest.write_text(SWAP + conftest.read_text(encoding="utf-8"), encoding="utf-8")
    (suite / "tests" / "test_unstall_swap.py").write_text(SWAP_CHECK, encoding="utf-8")
    return suite


def print_table(report: Path) -> None:
    """One row per test file: passed, failed, errors, skipped."""
    counts: dict[str, Counter[str]] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = case.get("classname", "?").split(".")[1] + ".py"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "error": "errors"}.get(child.tag, child.tag)
        counts.setdefault(name, Counter())[outcome] += 1
    columns = ("passed", "failed", "errors", "skipped")
    total: Counter[str] = sum(counts.values(), Counter())
    print(f"\n{'file':<26}" + "".join(f"{column:>9}" for column in columns))
    for name, row in [*sorted(counts.items()), ("total", total)]:
        print(f"{name:<26}" + "".join(f"{row[column]:>9}" for column in columns))


def main(arguments: list[str]) -> int:
    version = importlib.metadata.version("tinydb")
    print(f"tinydb_suite: TinyDB {version}'s tests with JSONStorage = AtomicJSONStorage")
    with tempfile.TemporaryDirectory(prefix="tinydb-suite-") as folder:
        work = Path(folder)
        suite = prepare(fetch_tests(version, work), work)
        report = work / "report.xml"
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(suite), str(ROOT)]))
        plugins_off = ["-p", "no:cacheprovider", "-p", "no:asyncio"]  # not our project's plugins
        command = [*pytest_command(), "tests", *plugins_off, "-rfEs", f"--junitxml={report}"]
        completed = subprocess.run([*command, *arguments], cwd=suite, env=environment)
        if report.exists():
            print_table(report)
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
