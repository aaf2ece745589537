"""The names of saved files keep every script, never replace another file, and the store keeps
a ``.bak`` where hard links do not work."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import EXAMPLE, toast_texts
from test_meeting_app import hold_meeting

import store.backup
from playbook import clock
from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from store.repository import Draft, Repository
from tui.app import make_app
from tui.file_names import SLUG_BYTES, SLUG_CHARACTERS, WINDOWS_RESERVED, free_path, slug
from tui.screens.drafts import DraftsScreen
from tui.screens.verdict import VerdictScreen

TODAY_ISO = "2026-11-23"


# -- the slug -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Example Harbor Travel", "example-harbor-travel"),  # ASCII: as it always was
        ("Harbor Travel", "harbor-travel"),
        ("  Tech [/] Co.  ", "tech-co"),
        ("Ölwerk", "ölwerk"),
        ("Älwerk", "älwerk"),
        ("Łódź Software", "łódź-software"),
        ("Газпром нефть", "газпром-нефть"),
        ("株式会社 東京", "株式会社-東京"),
        ("हिन्दी मीडिया", "हिन्दी-मीडिया"),  # vowel signs and virama kept on their letters
        ("STRASSE & Straße", "strasse-strasse"),
        ('a<b>c:d"e/f\\g|h?i*j', "a-b-c-d-e-f-g-h-i-j"),
        ("tab\there\nnew\x00line\x1b[31m", "tab-here-new-line-31m"),
        ("evil\u202egnp.exe", "evil-gnp-exe"),  # a right-to-left override is no letter
        ("../../etc/passwd", "etc-passwd"),
        ("", "partner"),
        ("!!! ???", "partner"),
        ("😀", "partner"),
        ("CON", "con-partner"),
        ("nul", "nul-partner"),
        ("Com1", "com1-partner"),
        ("LPT9", "lpt9-partner"),
        ("COM²", "com²-partner"),
        ("Console", "console"),
    ],
)
def test_a_slug_keeps_letters_and_digits_of_any_script(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_two_partners_apart_only_by_a_letter_outside_ascii_get_two_names() -> None:
    assert slug("Ölwerk") != slug("Älwerk")
    assert slug("Газпром") != slug("Роснефть")
    assert slug("東京") != slug("大阪")


def test_composed_and_decomposed_letters_give_one_name() -> None:
    composed = "Łódź Café"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slug(decomposed) == slug(composed) == "łódź-café"
    assert unicodedata.is_normalized("NFC", slug(decomposed))


def test_a_long_name_is_cut_between_letters_under_both_limits() -> None:
    assert slug("a" * 200) == "a" * SLUG_CHARACTERS
    assert slug("word " * 30) == ("word-" * 12).rstrip("-")  # no hyphen left at the cut
    cjk = slug("\U00020000" * 100)  # 4 bytes each in UTF-8
    assert len(cjk.encode("utf-8")) <= SLUG_BYTES and len(cjk) == SLUG_BYTES // 4
    accented = "q\u0301"  # no composed form: a letter and its combining accent
    assert slug(accented * 40) == accented * 30
    assert slug("x" + accented * 40) == "x" + accented * 29  # not cut between q and accent
    hindi = "कि"  # a letter and its vowel sign, 3 bytes each: the byte limit cuts first
    assert slug(hindi * 40) == hindi * 25
    assert slug("क" + hindi * 40) == "क" + hindi * 24
    name = f"unstall-agreement-{slug('東' * 500)}-{TODAY_ISO}-99.md"
    assert len(name.encode("utf-8")) < 255


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_nonempty_slug(name: str) -> None:
    result = slug(name)
    assert result
    assert 0 < len(result) <= SLUG_CHARACTERS and len(result.encode("utf-8")) <= SLUG_BYTES
    assert not result.startswith("-") and not result.endswith("-") and "--" not in result
    assert all(c.isalnum() or c == "-" or unicodedata.category(c)[0] == "M" for c in result)
    assert result not in WINDOWS_RESERVED
    assert unicodedata.is_normalized("NFC", result)
    assert slug(result) == result


# -- never replacing another file --------------------------------------------------------------


def test_free_path_reuses_a_name_only_for_the_same_text(tmp_path: Path) -> None:
    assert free_path(tmp_path, "unstall-x.md", "one") == tmp_path / "unstall-x.md"
    (tmp_path / "unstall-x.md").write_text("one", encoding="utf-8")
    assert free_path(tmp_path, "unstall-x.md", "one") == tmp_path / "unstall-x.md"
    assert free_path(tmp_path, "unstall-x.md", "two") == tmp_path / "unstall-x-2.md"
    (tmp_path / "unstall-x-2.md").write_text("two", encoding="utf-8")
    (tmp_path / "unstall-x-3.md").mkdir()  # a folder is never a match, never replaced
    assert free_path(tmp_path, "unstall-x.md", "two") == tmp_path / "unstall-x-2.md"
    assert free_path(tmp_path, "unstall-x.md", "three") == tmp_path / "unstall-x-4.md"
    (tmp_path / "unstall-x-4.md").symlink_to(tmp_path / "nowhere")  # a dangling link counts
    assert free_path(tmp_path, "unstall-x.md", "three") == tmp_path / "unstall-x-5.md"
    assert free_path(tmp_path, "NUL.md", "x") == tmp_path / "NUL-file.md"
    assert free_path(tmp_path, "plain", "x") == tmp_path / "plain"


def diagnosis_of(partner: str) -> Diagnosis:
    validated = validate({**EXAMPLE, "partner": partner}, clock.today())
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


async def test_partners_apart_only_outside_ascii_save_two_files(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    app = make_app(Repository(tmp_path / "db"), export_dir=folder)
    async with app.run_test():
        saved = {
            partner: app.export_markdown(diagnosis_of(partner))
            for partner in ("Ölwerk", "Älwerk", "Łódź Software", "Газпром", "東京商事")
        }
    assert {name: path.name for name, path in saved.items() if path} == {
        "Ölwerk": f"unstall-ölwerk-{TODAY_ISO}.md",
        "Älwerk": f"unstall-älwerk-{TODAY_ISO}.md",
        "Łódź Software": f"unstall-łódź-software-{TODAY_ISO}.md",
        "Газпром": f"unstall-газпром-{TODAY_ISO}.md",
        "東京商事": f"unstall-東京商事-{TODAY_ISO}.md",
    }
    assert len(list(folder.iterdir())) == 5
    for partner, path in saved.items():
        assert path is not None and partner in path.read_text(encoding="utf-8")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_e_never_replaces_another_file_and_saving_twice_gives_one(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    theirs = folder / f"unstall-ölwerk-{TODAY_ISO}.md"
    theirs.write_text("Someone else's notes.\n", encoding="utf-8")
    repository = Repository(tmp_path / "db")
    validated = validate({**EXAMPLE, "partner": "Ölwerk"}, clock.today())
    repository.save(validated.answers)
    app = make_app(repository, export_dir=folder)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("enter")  # home: the one partner
        await pilot.pause()
        await pilot.press("enter")  # its one diagnosis
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("e")
        await pilot.pause()
        ours = folder / f"unstall-ölwerk-{TODAY_ISO}-2.md"
        assert any(f"Saved as {ours}" in text for text in toast_texts(app))
        await pilot.press("e")  # the same text again: the same file
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
    assert theirs.read_text(encoding="utf-8") == "Someone else's notes.\n"
    assert "Ölwerk" in ours.read_text(encoding="utf-8")
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [theirs.name, ours.name, "unstall-review-ölwerk.ics"]
    )


async def test_the_drafts_screen_names_its_files_the_same_way(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    repository = Repository(tmp_path / "db")
    validated = validate({**EXAMPLE, "partner": "Łódź Software"}, clock.today())
    repository.save(validated.answers)
    app = make_app(repository, export_dir=folder)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await hold_meeting(pilot, "y")
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("e")  # the recap
        await pilot.pause()
        await pilot.press("3", "e")  # the agreement
        await pilot.pause()
        await pilot.press("e")  # again: the same file
        await pilot.pause()
    assert sorted(path.name for path in folder.iterdir()) == [
        f"unstall-agreement-łódź-software-{TODAY_ISO}.md",
        f"unstall-recap-łódź-software-{TODAY_ISO}.txt",
    ]


# -- a .bak where hard links fail --------------------------------------------------------------


def saved_twice(folder: Path) -> tuple[Repository, Path, bytes]:
    """A repository whose drafts file has been written twice; the file and its bytes now."""
    repo = Repository(folder)
    repo.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "first"}))
    repo.save_draft(Draft(answers={"partner": "Beta"}, typed={"notes": "second"}))
    path = folder / "drafts.json"
    return repo, path, path.read_bytes()


def check_backup(folder: Path, repo: Repository, path: Path, before: bytes) -> None:
    backup = folder / "drafts.json.bak"
    repo.save_draft(Draft(answers={"partner": "Gamma"}, typed={"notes": "third"}))
    assert backup.is_file() and not backup.is_symlink()
    assert backup.read_bytes() == before
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    repo.close()
    with Repository(folder) as again:
        assert sorted(d.typed["notes"] for d in again.drafts()) == ["first", "second", "third"]


def test_a_bak_is_copied_when_the_file_is_on_another_file_system(tmp_path: Path) -> None:
    """A real failing link: the drafts file is a symlink to a file on another file system
    (/dev/shm), so linking it into the folder fails with EXDEV, as on a FAT stick."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    folder = tmp_path / "db"
    repo, path, before = saved_twice(folder)
    elsewhere = Path(tempfile.mkdtemp(dir=shm)) / "drafts.json"
    try:
        shutil.move(path, elsewhere)
        path.symlink_to(elsewhere)
        (folder / "drafts.json.bak").unlink()
        with pytest.raises(OSError) as linking:
            os.link(elsewhere, tmp_path / "probe")
        assert linking.value.errno == errno.EXDEV
        check_backup(folder, repo, path, before)
        assert elsewhere.read_bytes() != before  # the change went to the real file
    finally:
        shutil.rmtree(elsewhere.parent, ignore_errors=True)


def test_a_bak_is_copied_when_the_file_system_refuses_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    folder = tmp_path / "db"
    repo, path, before = saved_twice(folder)
    old_umask = os.umask(0o277)  # owner read-only by default: the copy is 0600 all the same
    try:
        monkeypatch.setattr(store.backup.os, "link", refuse)  # the OS call alone
        check_backup(folder, repo, path, before)
    finally:
        os.umask(old_umask)
