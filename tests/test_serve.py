"""`unstall serve` in a real browser: headless Chromium opens the page, the home screen answers
keys, and a diagnosis started there is saved in the database (the app behind the page is the
real one, on the real file).

Skipped, with the reason, where no Chromium is installed (.ci/run installs Debian's package).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from store.repository import Repository

CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port}")


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=5)


class Page:
    """A tab of headless Chromium, driven through the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params: object) -> dict[str, object]:
        self.next_id += 1
        message_id = self.next_id
        await self.socket.send_json({"id": message_id, "method": method, "params": params})
        while True:
            reply = await asyncio.wait_for(self.socket.receive_json(), 30)
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply.get("result", {})

    async def type(self, text: str) -> None:
        for character in text:
            await self.call(
                "Input.dispatchKeyEvent",
                type="keyDown",
                text=character,
                key=character,
                unmodifiedText=character,
            )
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=character)
            await asyncio.sleep(0.15)


@contextlib.asynccontextmanager
async def browser_page(tmp_path: Path) -> AsyncIterator[Page]:
    port = free_port()
    command = [
        str(CHROMIUM),
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium'}",
        f"--remote-debugging-port={port}",
        "--window-size=1200,800",
        "about:blank",
    ]
    with running(command, dict(os.environ)):
        wait_for_port(port)
        async with aiohttp.ClientSession() as session:
            for _ in range(50):
                async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [t for t in await response.json() if t.get("type") == "page"]
                if targets:
                    break
                await asyncio.sleep(0.2)
            url = targets[0]["webSocketDebuggerUrl"]
            async with session.ws_connect(url, max_msg_size=0) as socket:
                yield Page(socket)


async def wait_until(check, timeout: float = 30.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.5)
    return False


async def test_the_app_runs_in_a_browser_tab_and_saves_what_is_typed(tmp_path):
    db = tmp_path / "unstall.json"
    Repository(db).close()
    port = free_port()
    env = {**os.environ, "UNSTALL_TODAY": "2026-11-23"}
    serve = [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", "--port", str(port)]
    with running(serve, env):
        wait_for_port(port)
        async with browser_page(tmp_path) as page:
            await page.call("Page.enable")
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}")

            await asyncio.sleep(4)
            await page.call(
                "Runtime.evaluate",
                expression="document.querySelector('.xterm-helper-textarea').focus()",
            )
            shot = await page.call("Page.captureScreenshot", format="png")
            (tmp_path / "home.png").write_bytes(base64.b64decode(str(shot["data"])))
            assert (tmp_path / "home.png").stat().st_size > 5_000
            # Home answers keys: n starts a diagnosis with the partner's name focused.
            await page.type("n")
            await asyncio.sleep(2)
            await page.type("Acme")

            def draft_saved() -> bool:
                repository = Repository(db)
                try:
                    drafts = repository.drafts()
                finally:
                    repository.close()
                return bool(drafts) and drafts[0].answers.get("partner") == "Acme"

            # Only the served app (a child of the server) can have saved it.
            assert await wait_until(draft_saved), "the diagnosis typed in the browser was not saved"
