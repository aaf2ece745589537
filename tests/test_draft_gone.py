"""A draft finished or discarded in another window while it is still open here: the next save
keeps these answers as a new draft, and the store, plain mode and the app say so once."""

from __future__ import annotations

import io
from pathlib import Path

from support import toast_texts, type_keys

from playbook.history import GONE_ELSEWHERE
from store.repository import Draft, Repository
from tui.app import make_app
from tui.plain import FORKED, run_plain
from tui.screens.questionnaire import QuestionnaireScreen


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_save_of_a_draft_gone_from_the_store_is_a_new_draft_that_says_why(db_path: Path):
    one, two = Repository(db_path), Repository(db_path)
    draft = one.save_draft(Draft(answers={"partner": "Beta"}, typed={"partner": "Beta"}))
    assert draft.forked_from is None and draft.forked_because is None
    two.discard_draft(draft.id)
    saved = one.save_draft(Draft(id=draft.id, answers={"partner": "Beta"}, revision=1))
    assert saved.id not in {None, draft.id}
    assert saved.forked_from == draft.id and saved.forked_because == "gone"
    assert [d.id for d in two.drafts()] == [saved.id]
    # The next save goes on in the new draft, with nothing more to say.
    again = one.save_draft(saved)
    assert again.id == saved.id and again.forked_from is None and again.forked_because is None


def test_a_draft_changed_elsewhere_says_changed_not_gone(db_path: Path):
    one, two = Repository(db_path), Repository(db_path)
    draft = one.save_draft(Draft(answers={"partner": "Beta"}))
    two.save_draft(Draft(id=draft.id, answers={"partner": "Beta", "kind": "referral"}, revision=1))
    saved = one.save_draft(draft)
    assert saved.forked_from == draft.id and saved.forked_because == "changed"


def test_plain_a_draft_discarded_in_another_window_is_kept_and_said_once(db_path: Path):
    repository = Repository(db_path)
    gone: list[int] = []

    class SecondWindow(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            drafts = repository.drafts()
            if not gone and drafts and "kind" in drafts[0].answers:
                (draft,) = drafts
                assert draft.id is not None
                Repository(repository.path).discard_draft(draft.id)
                gone.append(draft.id)
            return super().readline()

    stdout = io.StringIO()
    code = run_plain(repository, SecondWindow("Acme\n1\n2026-02-10\n\nq\n"), stdout)
    out = flat(stdout.getvalue())
    assert code == 0 and gone
    assert out.count(flat(GONE_ELSEWHERE)) == 1
    assert flat(FORKED) not in out
    assert out.index("-> Tue 10 Feb 2026") < out.index(flat(GONE_ELSEWHERE))
    (kept,) = repository.drafts()
    assert kept.id != gone[0]
    assert kept.answers == {"partner": "Acme", "kind": "referral", "started": "2026-02-10"}


async def test_the_app_says_once_that_a_draft_discarded_elsewhere_is_kept_as_a_new_one(
    db_path: Path,
):
    repository = Repository(db_path)
    app = make_app(repository)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        await type_keys(pilot, ["Acme"])
        assert screen.autosaver is not None and screen.autosaver.flush()
        (draft,) = Repository(db_path).drafts()
        assert draft.id is not None
        Repository(db_path).discard_draft(draft.id)
        await type_keys(pilot, [" Ltd"])
        assert screen.autosaver.flush()
        await pilot.pause()
        await type_keys(pilot, [" EU"])
        assert screen.autosaver.flush()
        await pilot.pause()
        said = [flat(text) for text in toast_texts(app)]
        assert said.count(flat(GONE_ELSEWHERE)) == 1, said
        assert not any("also changed in another window" in text for text in said), said
    (kept,) = Repository(db_path).drafts()
    assert kept.id != draft.id
    assert kept.typed["partner"] == "Acme Ltd EU"
