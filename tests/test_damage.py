"""Damage stays local (issue 13): a file that does not parse or has the wrong shape is refused
and never written; only what it holds is unavailable, the rest keeps working and says which
file is damaged and where its backup is. Every bit flipped in any file either is refused with a
message or loses nothing.

The sweep flips one bit at many offsets of each kind of file (a partner file, drafts.json,
meta.json, index.json) in a copy of one small database, opens it, reads everything, makes a few
changes, opens it again and checks that every acknowledged change of the undamaged files is
intact, that no id is given twice, and that a file found damaged was never written."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from support import ACME

from playbook.outcome import Outcome
from store.errors import DatabaseUnreadable, StoreError
from store.repository import Draft, Filter, Repository

FIXTURE = Path(__file__).parent / "fixtures" / "old-layout" / "EXPECTED.json"
_STORED = json.loads(FIXTURE.read_text(encoding="utf-8"))["diagnoses"]
HARBOR_SEPT = _STORED["1"]["answers"]
COBALT = _STORED["3"]["answers"]
HARBOR_NOV = _STORED["4"]["answers"]
TESSELLATE = _STORED["5"]["answers"]
OUTCOME = Outcome("revive", "a monthly review", "Kim", date(2026, 12, 4), date(2026, 11, 23))
LATER = Outcome("exit", "", "Priya Shah", None, date(2026, 11, 23))


@dataclass(frozen=True)
class World:
    """A small database, and what was acknowledged in it."""

    folder: Path
    acked: dict[int, tuple]  # id -> (answers, edited points, outcome)
    drafts: dict[int, tuple]  # id -> (answers, typed)
    owner: dict[int, str]  # id -> the partner file holding it, relative to the folder
    next_id: int
    next_draft: int
    acme: str  # Acme's partner file, relative to the folder
    cobalt_id: int


def acked_state(diagnosis) -> tuple:
    return (dict(diagnosis.answers), diagnosis.edited_points, diagnosis.extra.get("outcome"))


def draft_state(draft) -> tuple:
    return (dict(draft.answers), dict(draft.typed))


@pytest.fixture
def world(tmp_path) -> World:
    folder = tmp_path / "pristine"
    repo = Repository(folder)
    draft = repo.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "acme draft"}))
    acme = repo.finish_draft(draft, ACME)  # Acme's diagnosis records the draft it came from
    repo.set_outcome(acme.id, OUTCOME)
    repo.set_edited_points(acme.id, "- acme points\n")
    cobalt = repo.save(COBALT)
    repo.delete(repo.save(TESSELLATE).id)  # an id given and gone
    sept = repo.save(HARBOR_SEPT)
    repo.save(HARBOR_NOV)
    repo.set_outcome(sept.id, OUTCOME)
    repo.save_draft(Draft(answers={"partner": "Beta"}, typed={"notes": "beta draft"}))
    gamma = repo.save_draft(Draft(answers={"partner": "Gamma"}, typed={"notes": "gamma"}))
    repo.save_draft(replace(gamma, typed={"notes": "gamma, more"}))
    acked = {s.id: acked_state(repo.get(s.id)) for s in repo.list()}
    owner = {}
    for path in (folder / "partners").glob("*.json"):
        for key in json.loads(path.read_bytes())["diagnoses"]:
            owner[int(key)] = str(path.relative_to(folder))
    (meta,) = json.loads((folder / "meta.json").read_bytes())["meta"].values()
    for name in ("drafts.json", "meta.json", "index.json", owner[acme.id]):
        assert (folder / f"{name}.bak").is_file(), name  # every kind has its backup
    return World(
        folder=folder,
        acked=acked,
        drafts={d.id: draft_state(d) for d in repo.drafts()},
        owner=owner,
        next_id=meta["next_id"],
        next_draft=meta["next_draft"],
        acme=owner[acme.id],
        cobalt_id=cobalt.id,
    )


def copy_world(world: World, where: Path) -> Path:
    shutil.copytree(world.folder, where)
    return where


def flip(path: Path, offset: int, bit: int) -> bytes:
    data = bytearray(path.read_bytes())
    data[offset] ^= 1 << bit
    path.write_bytes(bytes(data))
    return bytes(data)


def rewrite(path: Path, change) -> None:
    """Change a file's JSON by hand (valid JSON, possibly the wrong shape)."""
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


# -- the sweep -------------------------------------------------------------------------------


def names(error: BaseException, target: Path) -> bool:
    return isinstance(error, StoreError) and str(target) in str(error)


def check_flip(world: World, work: Path, rel: str, offset: int, bit: int) -> list[str]:
    """What went wrong with one bit flipped in ``rel``: nothing, if it was refused with a
    message (and the file never written) or nothing of the undamaged files was lost."""
    kind = "partner" if rel.startswith("partners/") else rel
    target = work / rel
    flipped = flip(target, offset, bit)
    problems: list[str] = []
    refusals: list[StoreError] = []

    def attempt(what, action, allowed=False):
        """Run ``action``; a StoreError naming the damaged file is a refusal when
        ``allowed``, any other exception is a problem."""
        try:
            return action()
        except StoreError as error:
            if allowed and names(error, target):
                refusals.append(error)
            else:
                problems.append(f"{what} refused: {error}")
        except Exception as error:
            problems.append(f"{what} raised {type(error).__name__}: {error}")
        return None

    try:
        repo = Repository(work)
    except StoreError as error:
        if kind != "meta.json":
            return [f"opening the database was refused: {error}"]
        if error.path not in (target, work):  # meta.json, or the database ("newer")
            return [f"the refusal names neither {rel} nor the database: {error}"]
        if target.read_bytes() != flipped:
            return ["meta.json was written after it was refused"]
        return []
    except Exception as error:
        return [f"opening raised {type(error).__name__}: {error}"]

    # Reading: the rest of the database keeps working.
    attempt("list", repo.list)
    attempt("partners", repo.partners)
    attempt("count", repo.count)
    attempt("partner_names", repo.partner_names)
    attempt("find", lambda: repo.find(Filter(text="newsletter")))
    for number, expected in world.acked.items():
        own = world.owner[number] == rel
        found = attempt(f"get({number})", lambda n=number: repo.get(n), allowed=own)
        if not own and (found is None or acked_state(found) != expected):
            problems.append(f"diagnosis {number} of an undamaged file is not as saved")
    drafts = attempt("drafts", repo.drafts, allowed=kind == "drafts.json")
    changed = drafts is not None and {d.id: draft_state(d) for d in drafts} != world.drafts
    if kind != "drafts.json" and changed:
        problems.append("the drafts changed")

    # Changing: other partners, and the damaged one.
    new_ids = []
    saved = attempt("save(Cobalt)", lambda: repo.save(COBALT), allowed=kind == "meta.json")
    if saved is not None:
        new_ids.append((saved.id, COBALT["partner"]))
    attempt("set_outcome(Cobalt)", lambda: repo.set_outcome(world.cobalt_id, LATER))
    new_draft = None
    if kind in ("drafts.json", "meta.json"):  # the files a draft's save reads
        new_draft = attempt(
            "save_draft",
            lambda: repo.save_draft(Draft(answers={"partner": "Delta"}, typed={"notes": "d"})),
            allowed=True,
        )
    if new_draft is not None and new_draft.id < world.next_draft:
        problems.append(f"draft id {new_draft.id} given again")
    if kind == "partner":
        before = len(refusals)
        same = attempt("save(Acme)", lambda: repo.save(ACME), allowed=True)
        if same is not None:
            new_ids.append((same.id, "Acme"))
            if target in repo.damaged:
                problems.append("a save of the damaged partner was not refused")
        elif len(refusals) == before:
            problems.append("a save of the partner failed without a clear refusal")
    for number, _ in new_ids:
        if number < world.next_id:
            problems.append(f"id {number} given again")

    refused = bool(refusals) or target in repo.damaged
    if refused and kind != "index.json" and target.read_bytes() != flipped:
        problems.append(f"{rel} was written after it was found damaged")
    if target in repo.damaged and (work / f"{rel}.bak").is_file():
        backup = repo.damaged[target].backup
        if backup != work / f"{rel}.bak":
            problems.append(f"damaged does not name the backup ({backup})")
    if kind == "index.json":
        aside = [p for p in work.glob("index.json.damaged-*")]
        if aside and aside[0].read_bytes() != flipped:
            problems.append("the index moved aside is not the damaged one")

    # Opening again: every acknowledged change of the undamaged files, and the new ones.
    try:
        fresh = Repository(work)
    except Exception as error:
        return [*problems, f"opening again raised {type(error).__name__}: {error}"]
    for number, expected in world.acked.items():
        if world.owner[number] == rel:
            continue
        if number == world.cobalt_id:
            expected = (expected[0], expected[1], LATER.to_dict())
        found = attempt(f"get({number}) again", lambda n=number: fresh.get(n))
        if found is None or acked_state(found) != expected:
            problems.append(f"diagnosis {number} is not as saved after reopening")
    for number, partner in new_ids:
        found = attempt(f"get({number}) again", lambda n=number: fresh.get(n))
        if found is None or found.partner != partner:
            problems.append(f"the new diagnosis {number} is lost")
    if kind != "drafts.json":
        drafts = attempt("drafts again", fresh.drafts)
        wanted = dict(world.drafts)
        if new_draft is not None:
            wanted[new_draft.id] = draft_state(new_draft)
        if drafts is not None and {d.id: draft_state(d) for d in drafts} != wanted:
            problems.append("the drafts are not as saved after reopening")
    return problems


def sweep(world: World, tmp_path: Path, rel: str, flips) -> None:
    problems = []
    for number, (offset, bit) in enumerate(flips):
        work = copy_world(world, tmp_path / f"flip-{number}")
        found = check_flip(world, work, rel, offset, bit)
        problems += [f"{rel} byte {offset} bit {bit}: {problem}" for problem in found]
        shutil.rmtree(work)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:12])


def every_nth_byte(size: int, step: int) -> list[tuple[int, int]]:
    """Offsets 0, step, 2*step, ...; the bit flipped goes round all eight."""
    return [(offset, number % 8) for number, offset in enumerate(range(0, size, step))]


def test_every_bit_flipped_in_a_partner_file_is_refused_or_loses_nothing(world, tmp_path):
    size = (world.folder / world.acme).stat().st_size
    sweep(world, tmp_path, world.acme, every_nth_byte(size, 10))


def test_every_bit_flipped_in_drafts_json_is_refused_or_loses_nothing(world, tmp_path):
    size = (world.folder / "drafts.json").stat().st_size
    sweep(world, tmp_path, "drafts.json", every_nth_byte(size, 5))


def test_every_bit_flipped_in_meta_json_is_refused_or_loses_nothing(world, tmp_path):
    size = (world.folder / "meta.json").stat().st_size
    sweep(world, tmp_path, "meta.json", [(o, b) for o in range(size) for b in (0, 2, 5)])


def test_every_bit_flipped_in_index_json_is_refused_or_loses_nothing(world, tmp_path):
    size = (world.folder / "index.json").stat().st_size
    sweep(world, tmp_path, "index.json", every_nth_byte(size, 10))


# -- a damaged partner file --------------------------------------------------------------------


def damage_acme(world: World, work: Path) -> tuple[Path, bytes]:
    target = work / world.acme
    data = target.read_bytes()[:-40]  # truncated, as a full disk or a bad sector would
    target.write_bytes(data)
    return target, data


def test_a_damaged_partner_file_leaves_every_other_partner_working(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target, damaged = damage_acme(world, work)
    acme_ids = {n for n, rel in world.owner.items() if rel == world.acme}
    with Repository(work) as repo:
        listed = {s.id for s in repo.list()}
        assert listed == set(world.acked) - acme_ids
        assert {s.id for s in repo.find(Filter(verdict="stalled"))} <= listed
        assert [s.id for s in repo.find(Filter(text="nobody has the time"))] == [world.cobalt_id]
        assert [s.partner for s in repo.list("cobalt")] == [COBALT["partner"]]
        assert {p.partner for p in repo.partners()} >= {COBALT["partner"], HARBOR_NOV["partner"]}
        for number in set(world.acked) - acme_ids:
            assert acked_state(repo.get(number)) == world.acked[number]
        assert {d.id: draft_state(d) for d in repo.drafts()} == world.drafts
        assert target in repo.damaged
        report = repo.damaged[target]
        assert report.path == target
        assert report.backup == target.with_name(target.name + ".bak")
        assert str(target) in str(report) and str(report.backup) in str(report)
        json.loads(report.backup.read_bytes())  # the backup is readable
    assert target.read_bytes() == damaged


def test_a_damaged_partner_file_is_never_written(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target, damaged = damage_acme(world, work)
    acme_id = next(n for n, rel in world.owner.items() if rel == world.acme)
    backup = target.with_name(target.name + ".bak").read_bytes()
    with Repository(work) as repo:
        repo.save(COBALT)  # other partners: saved, the damaged file untouched
        repo.set_outcome(world.cobalt_id, LATER)
        repo.rename_partner("Cobalt Security Group", "Cobalt Group")
        assert target.read_bytes() == damaged
        refusals = [
            lambda: repo.save(ACME),
            lambda: repo.save({**ACME, "partner": " ACME "}),
            lambda: repo.save_many([COBALT, ACME]),
            lambda: repo.set_outcome(acme_id, LATER),
            lambda: repo.set_edited_points(acme_id, "- overwritten?\n"),
            lambda: repo.delete(acme_id),
            lambda: repo.rename_partner("Acme", "Acme Two"),
            lambda: repo.rename_partner("Cobalt Group", "Acme"),
            lambda: repo.finish_draft(repo.drafts()[0], ACME),
        ]
        for number, change in enumerate(refusals):
            with pytest.raises(StoreError) as raised:
                change()
            assert str(target) in str(raised.value), number
            assert target.read_bytes() == damaged, number
    assert target.read_bytes() == damaged
    assert target.with_name(target.name + ".bak").read_bytes() == backup
    with Repository(work) as again:
        assert again.get(world.cobalt_id).partner == "Cobalt Group"
        again.list()
        assert target in again.damaged


def test_a_partner_file_restored_from_its_backup_is_read_again(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target, _ = damage_acme(world, work)
    with Repository(work) as repo:
        repo.list()
        backup = repo.damaged[target].backup
    shutil.copy(backup, target)
    with Repository(work) as repo:
        assert target not in repo.damaged
        assert any(s.partner == "Acme" for s in repo.list())


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc.pop("partner"),
        lambda doc: doc.pop("partner_key"),
        lambda doc: doc.pop("diagnosed_on"),
        lambda doc: doc.pop("verdict"),
        lambda doc: doc.pop("next_review"),
        lambda doc: doc.pop("answers"),
        lambda doc: doc.update(severity="high"),
        lambda doc: doc.update(diagnosed_on=20261123),
        lambda doc: doc["outcome"].update(due="2026-32-04"),
    ],
    ids=[
        "no-partner",
        "no-partner_key",
        "no-diagnosed_on",
        "no-verdict",
        "no-next_review",
        "no-answers",
        "severity-a-word",
        "diagnosed_on-a-number",
        "outcome-due-month-32",
    ],
)
def test_a_partner_file_with_the_wrong_shape_is_refused_and_never_written(world, tmp_path, change):
    work = copy_world(world, tmp_path / "work")
    target = work / world.acme
    rewrite(target, lambda data: [change(doc) for doc in data["diagnoses"].values()])
    damaged = target.read_bytes()
    acme_ids = {n for n, rel in world.owner.items() if rel == world.acme}
    with Repository(work) as repo:
        assert {s.id for s in repo.list()} >= set(world.acked) - acme_ids
        repo.partners()
        repo.find(Filter(text="newsletter"))
        for number in acme_ids:
            with pytest.raises(StoreError):
                repo.get(number)
        assert target in repo.damaged
        with pytest.raises(StoreError):
            repo.save(ACME)
        repo.save(COBALT)
    assert target.read_bytes() == damaged


def test_a_partner_file_whose_table_lost_its_name_is_refused_not_read_as_empty(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target = work / world.acme
    damaged = target.read_bytes().replace(b'"diagnoses"', b'"diagnosez"', 1)
    target.write_bytes(damaged)
    with Repository(work) as repo:
        repo.list()
        assert target in repo.damaged
        with pytest.raises(StoreError):
            repo.save(ACME)
    assert target.read_bytes() == damaged


def test_a_partner_file_with_a_repeated_id_is_refused_not_read_with_one_dropped(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    harbor = {n for n, rel in world.owner.items() if "harbor" in rel}
    low, high = sorted(harbor)
    rel = world.owner[low]
    target = work / rel
    damaged = target.read_bytes().replace(f'"{high}": {{'.encode(), f'"{low}": {{'.encode(), 1)
    target.write_bytes(damaged)
    with Repository(work) as repo:
        repo.list()
        assert target in repo.damaged
        with pytest.raises(StoreError):
            repo.save(HARBOR_NOV)
    assert target.read_bytes() == damaged


def test_a_drafts_json_with_a_repeated_id_is_refused_not_read_with_one_dropped(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    low, high = sorted(world.drafts)
    target = work / "drafts.json"
    damaged = target.read_bytes().replace(f'"{high}": {{'.encode(), f'"{low}": {{'.encode(), 1)
    assert damaged != target.read_bytes()
    target.write_bytes(damaged)
    with Repository(work) as repo, pytest.raises(StoreError):
        repo.drafts()
    assert target.read_bytes() == damaged


def test_a_flipped_draft_number_in_a_partner_file_removes_no_other_draft(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target = work / world.acme
    other = max(world.drafts)
    rewrite(target, lambda data: [d.update(draft=other) for d in data["diagnoses"].values()])
    with Repository(work) as repo:
        assert {d.id: draft_state(d) for d in repo.drafts()} == world.drafts


# -- drafts.json ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b'{"drafts": {"2": {"answers"', b"\x00" * 40, b"[]", b'{"drafts": []}'],
    ids=["truncated", "zeros", "a-list", "wrong-shape"],
)
def test_damage_in_drafts_json_never_blocks_diagnoses(world, tmp_path, content):
    work = copy_world(world, tmp_path / "work")
    target = work / "drafts.json"
    target.write_bytes(content)
    with Repository(work) as repo:
        assert {s.id for s in repo.list()} == set(world.acked)
        repo.partners()
        repo.find(Filter(text="newsletter"))
        for number, expected in world.acked.items():
            assert acked_state(repo.get(number)) == expected
        saved = repo.save(HARBOR_NOV)
        repo.set_outcome(saved.id, LATER)
        repo.set_edited_points(world.cobalt_id, "- mine\n")
        repo.rename_partner("Cobalt Security Group", "Cobalt Group")
        with pytest.raises(DatabaseUnreadable) as raised:
            repo.drafts()
        assert raised.value.path == target
        with pytest.raises(StoreError):
            repo.save_draft(Draft(answers={"partner": "Delta"}, typed={"notes": "x"}))
        assert target in repo.damaged
        assert repo.damaged[target].backup == work / "drafts.json.bak"
    assert target.read_bytes() == content
    with Repository(work) as again:
        assert again.get(saved.id).extra["outcome"] == LATER.to_dict()
        assert again.get(world.cobalt_id).partner == "Cobalt Group"


def test_finishing_a_draft_while_drafts_json_is_damaged_saves_the_diagnosis(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    with Repository(work) as repo:
        (beta,) = [d for d in repo.drafts() if d.partner == "Beta"]
    target = work / "drafts.json"
    target.write_bytes(b"{ damaged")
    with Repository(work) as repo:
        try:
            diagnosis = repo.finish_draft(beta, {**ACME, "partner": "Beta"})
        except StoreError as error:
            assert str(target) in str(error)  # refused, saying why: acceptable
            assert not repo.list("beta")
        else:
            assert repo.get(diagnosis.id).partner == "Beta"
    assert target.read_bytes() == b"{ damaged"


def test_the_backup_of_a_damaged_drafts_json_is_kept(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    (work / "drafts.json").write_bytes(b"{ damaged")
    backup = (work / "drafts.json.bak").read_bytes()
    acme_id = next(n for n, rel in world.owner.items() if rel == world.acme)
    with Repository(work) as repo:
        repo.delete(acme_id)  # it came from a draft
    assert (work / "drafts.json.bak").read_bytes() == backup


def test_a_drafts_json_whose_table_lost_its_name_is_refused_not_read_as_empty(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    target = work / "drafts.json"
    damaged = target.read_bytes().replace(b'"drafts"', b'"draftz"', 1)
    target.write_bytes(damaged)
    with Repository(work) as repo:
        with pytest.raises(StoreError):
            repo.drafts()
        with pytest.raises(StoreError):
            repo.save_draft(Draft(answers={"partner": "Delta"}, typed={"notes": "x"}))
    assert target.read_bytes() == damaged


# -- meta.json -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"meta": {"1": {"sche',
        pytest.param(
            b"",
        ),
        b"[]",
        b'{"meta": 5}',
        b"\x00" * 62,
    ],
    ids=["truncated", "empty", "a-list", "wrong-shape", "zeros"],
)
def test_a_damaged_meta_json_is_refused_with_a_message_and_never_written(world, tmp_path, content):
    work = copy_world(world, tmp_path / "work")
    target = work / "meta.json"
    target.write_bytes(content)
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    try:
        repo = Repository(work)
    except StoreError as error:
        assert str(target) in str(error)
        assert "meta.json.bak" in str(error)
    else:
        # Opened (an empty file reads as new): no id it gives may be one given before.
        with repo:
            assert repo.save(COBALT).id >= world.next_id
        return
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.update(mdta=data.pop("meta")),
        lambda data: data["meta"].update({"3": data["meta"].pop("1")}),
        lambda data: data["meta"]["1"].update(next_jd=data["meta"]["1"].pop("next_id")),
        lambda data: data["meta"]["1"].update(next_id=data["meta"]["1"]["next_id"] - 2),
    ],
    ids=["table-renamed", "record-renamed", "counter-renamed", "counter-lowered"],
)
def test_a_damaged_id_counter_never_gives_an_id_twice(world, tmp_path, change):
    work = copy_world(world, tmp_path / "work")
    rewrite(work / "meta.json", change)
    acme_id = next(n for n, rel in world.owner.items() if rel == world.acme)
    try:
        with Repository(work) as repo:
            saved = repo.save({**ACME, "diagnosed_on": "2026-11-24"})
            assert saved.id >= world.next_id
    except StoreError as error:
        assert "meta.json" in str(error)  # refused: acceptable
    with Repository(work) as again:
        assert acked_state(again.get(acme_id)) == world.acked[acme_id]


def test_a_damaged_draft_counter_never_overwrites_a_draft(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    rewrite(work / "meta.json", lambda data: data["meta"]["1"].update(next_draft=min(world.drafts)))
    try:
        with Repository(work) as repo:
            repo.save_draft(Draft(answers={"partner": "Delta"}, typed={"notes": "delta"}))
    except StoreError as error:
        assert "meta.json" in str(error)
    with Repository(work) as again:
        kept = {d.id: draft_state(d) for d in again.drafts()}
    assert {n: kept.get(n) for n in world.drafts} == world.drafts


# -- index.json ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b'{"partners": {"1": {"key"', b"not json", b"[1, 2]", b'{"partners": 7}', b"\xff\xfe"],
    ids=["truncated", "not-json", "a-list", "wrong-shape", "not-utf8"],
)
def test_a_damaged_index_is_moved_aside_and_rebuilt(world, tmp_path, content):
    work = copy_world(world, tmp_path / "work")
    with Repository(world.folder) as pristine:
        expected = pristine.partners()
        count = pristine.count()
    (work / "index.json").write_bytes(content)
    with Repository(work) as repo:
        assert repo.partners() == expected
        assert repo.count() == count
        assert work / "index.json" not in repo.damaged
    (aside,) = work.glob("index.json.damaged-*")
    assert aside.read_bytes() == content  # kept as it was
    json.loads((work / "index.json").read_bytes())


@pytest.mark.parametrize(
    "change",
    [
        lambda entry: entry.pop("key"),
        lambda entry: entry.pop("count"),
        lambda entry: entry["latest"][1].pop("verdict"),
        lambda entry: entry["latest"][1].pop("partner"),
        lambda entry: entry["latest"][1].update(diagnosed_on=None),
        lambda entry: entry.update(latest=[1]),
    ],
    ids=["no-key", "no-count", "no-verdict", "no-partner", "no-date", "short-latest"],
)
def test_an_index_with_the_wrong_shape_is_moved_aside_and_rebuilt(world, tmp_path, change):
    work = copy_world(world, tmp_path / "work")
    with Repository(world.folder) as pristine:
        expected = pristine.partners()
    rewrite(work / "index.json", lambda data: [change(e) for e in data["partners"].values()])
    with Repository(work) as repo:
        assert repo.partners() == expected
        assert repo.count() == len(world.acked)
        assert {s.id for s in repo.list("harbor")} == {
            n for n, rel in world.owner.items() if "harbor" in rel
        }
        for number, state in world.acked.items():
            assert acked_state(repo.get(number)) == state
        repo.save(COBALT)


def test_an_index_damaged_twice_keeps_both_damaged_copies(world, tmp_path):
    work = copy_world(world, tmp_path / "work")
    (work / "index.json").write_bytes(b"first damage")
    Repository(work).close()
    (work / "index.json").write_bytes(b"second damage")
    Repository(work).close()
    kept = sorted(p.read_bytes() for p in work.glob("index.json.damaged-*"))
    assert kept == [b"first damage", b"second damage"]
