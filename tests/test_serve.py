"""`unstall serve` lets in only whoever started it, the way Jupyter does, over real HTTP and
WebSocket on 127.0.0.1: every start prints a URL with a fresh token; without it (in the query or
the cookie the first load sets) every address answers 403; the WebSocket that drives the app also
needs the served Origin. A host other machines can reach needs --allow-remote, a --host that is no
host at all (a URL, a port, spaces) is refused as such, and a busy port is one line, exit 1. The
token is printed once, in our URL line, and never in a log line. A first load by another name
(localhost for 127.0.0.1) is redirected to the printed address. Each session's command is quoted
for the shell that runs it (cmd.exe on Windows).

And in a real browser: headless Chromium opens the tokened URL, the home screen answers keys, and
a diagnosis started there is saved in the database (the app behind the page is the real one, on
the real file), and a tab given the localhost URL ends up on the printed one, running the app.
Those tests are skipped, with the reason, where no Chromium is installed (.ci/run
installs Debian's package).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import errno
import logging
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from store.repository import Repository
from tui.cli import serve_command
from tui.serve import (
    HideToken,
    PrivateServer,
    ServeError,
    bind_problem,
    cookie_name,
    host_problem,
    remote_refusal,
    served_origin,
    shell_command,
)

CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)"
)
URL_LINE = re.compile(r"Open (http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)) in a browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], object], what: str, timeout: float = 20.0) -> object:
    """Poll `check` (briefly) until it gives something true; fail with `what` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError(what)


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    wait_for(lambda: listening(port), f"nothing listens on port {port}", timeout)


@contextlib.contextmanager
def running(
    command: list[str],
    env: dict[str, str],
    stderr: Path | None = None,
    stdout: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    with contextlib.ExitStack() as stack:
        err = stack.enter_context(stderr.open("wb")) if stderr else subprocess.DEVNULL
        out = stack.enter_context(stdout.open("wb")) if stdout else subprocess.DEVNULL
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=err,
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


def serve_env(home: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "UNSTALL_TODAY": "2026-11-23",
        "UNSTALL_DB": str(home / "never-the-users.json"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        **extra,
    }


def serve_args(db: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", *options]


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    token: str
    origin: str
    opened: Path  # where the stand-in browser writes the URL --open gave it

    def at(self, path: str) -> str:
        return f"{self.origin}{path}"

    @property
    def cookie(self) -> dict[str, str]:
        return {"Cookie": f"{cookie_name(self.port)}={self.token}"}


def started(stderr: Path, port: int) -> tuple[str, str]:
    """The URL and token the server printed, once it listens."""
    match = wait_for(
        lambda: URL_LINE.search(stderr.read_text(encoding="utf-8", errors="replace")),
        "serve printed no URL",
    )
    assert isinstance(match, re.Match)
    assert int(match.group(2)) == port
    wait_for_port(port)
    return match.group(1), match.group(3)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the module's HTTP tests, started with --open and a stand-in browser."""
    home = tmp_path_factory.mktemp("serve")
    opened = home / "opened.txt"
    browser = home / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    db = home / "unstall.json"
    Repository(db).close()
    port = free_port()
    stderr = home / "stderr.txt"
    env = serve_env(home, BROWSER=f"{browser} %s")
    with running(serve_args(db, "--port", str(port), "--open"), env, stderr):
        url, token = started(stderr, port)
        yield Served(url, port, token, f"http://127.0.0.1:{port}", opened)


async def get(
    served: Served, path: str, **kwargs: object
) -> tuple[int, str, aiohttp.ClientResponse]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(served.at(path), allow_redirects=False, **kwargs) as response,
    ):
        return response.status, await response.text(), response


SOME_ADDRESSES = [
    "/",
    "/static/js/textual.js",
    "/static/css/xterm.css",
    "/ws",
    "/download/x",
    "/nope",
]


async def test_the_printed_url_has_a_fresh_long_token(served):
    assert served.url == f"{served.origin}/?token={served.token}"
    assert len(served.token) >= 40  # token_urlsafe(32): 43 characters


@pytest.mark.parametrize("path", SOME_ADDRESSES)
async def test_without_the_token_every_address_is_forbidden(served, path):
    status, text, response = await get(served, path)
    assert status == 403
    assert response.content_type == "text/plain"
    assert "printed in its terminal" in text
    assert "Set-Cookie" not in response.headers


WRONG_TOKENS: dict[str, Callable[[str], str]] = {
    "markup": lambda token: "wrong<script>alert(1)</script>",
    "empty": lambda token: "",
    "one short": lambda token: token[:-1],
    "one more": lambda token: token + "x",
    "another case": lambda token: token.swapcase(),
    "not ascii": lambda token: "\u00e9t\u00e9" + token[2:],
}


@pytest.mark.parametrize("wrong", WRONG_TOKENS.values(), ids=WRONG_TOKENS.keys())
async def test_a_wrong_token_is_forbidden_and_never_echoed(served, wrong):
    offered = wrong(served.token)
    status, text, response = await get(served, "/", params={"token": offered})
    assert status == 403
    assert "Set-Cookie" not in response.headers
    assert "script" not in text and "alert" not in text
    if offered:
        assert offered not in text


async def test_a_wrong_cookie_is_forbidden(served):
    headers = {"Cookie": f"{cookie_name(served.port)}={served.token[:-1]}x"}
    status, _, _ = await get(served, "/", headers=headers)
    assert status == 403
    # Another port's cookie is another server's: no use here.
    status, _, _ = await get(served, "/", headers={"Cookie": f"unstall-token-1={served.token}"})
    assert status == 403


async def test_the_right_token_opens_the_page_and_sets_a_private_cookie(served):
    status, text, response = await get(served, "/", params={"token": served.token})
    assert status == 200
    # The page loads its assets and its WebSocket from the served address, token-less.
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in text
    assert f"{served.origin}/static/js/textual.js" in text
    cookie = response.cookies[cookie_name(served.port)]
    assert cookie.value == served.token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_then_the_cookie_alone_suffices_for_the_page_and_its_assets(served):
    # unsafe=True: aiohttp's jar otherwise keeps no cookies for IP addresses (browsers do).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(served.url) as response:
            assert response.status == 200
        for path in ("/", "/?fontsize=20", "/static/js/textual.js", "/static/css/xterm.css"):
            async with session.get(served.at(path)) as response:
                assert response.status == 200, path
                assert "Set-Cookie" not in response.headers


async def handshake(served: Served, **kwargs: object) -> int:
    """The HTTP status of a WebSocket handshake (101 when upgraded)."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(served.at("/ws"), **kwargs) as socket_:
                await socket_.send_json(["ping", "hello"])
                reply = await asyncio.wait_for(socket_.receive_json(), 20)
                assert reply == ["pong", "hello"]
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://127.0.0.1",
        "http://127.0.0.1:PORT1",
        "https://127.0.0.1:PORT",
        "http://localhost:PORT",  # strict: the page always connects from the printed address
        "http://127.0.0.1:PORT.evil.example",
        "null",
        "",
    ],
)
async def test_a_websocket_from_another_origin_is_refused_even_with_the_cookie(served, origin):
    origin = origin.replace("PORT1", str(served.port + 1)).replace("PORT", str(served.port))
    assert await handshake(served, origin=origin, headers=served.cookie) == 403


async def test_a_websocket_without_an_origin_is_refused_even_with_the_cookie(served):
    assert await handshake(served, headers=served.cookie) == 403


async def test_a_websocket_from_the_page_without_the_cookie_is_refused(served):
    assert await handshake(served, origin=served.origin) == 403


async def test_the_websocket_from_the_page_with_the_cookie_drives_the_app(served):
    assert await handshake(served, origin=served.origin, headers=served.cookie) == 101


async def test_open_gives_the_browser_the_tokened_url(served):
    opened = wait_for(
        lambda: served.opened.exists() and served.opened.read_text(encoding="utf-8"),
        "--open opened no browser",
    )
    assert opened == served.url


def run_serve(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`unstall serve` expected to stop at once (a timeout fails instead of hanging)."""
    return subprocess.run(
        serve_args(tmp_path / "unstall.json", *options),
        env=serve_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "example.com"])
def test_a_host_other_machines_can_reach_needs_allow_remote(tmp_path, host):
    port = free_port()
    done = run_serve(tmp_path, "--host", host, "--port", str(port))
    assert done.returncode == 2
    assert done.stderr.startswith(f"unstall: --host {host} can be reached from other machines")
    assert "--allow-remote" in done.stderr
    assert "Traceback" not in done.stderr
    assert "token=" not in done.stderr
    assert not listening(port)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1"])
def test_loopback_hosts_need_no_flag(host):
    assert remote_refusal(host) is None


def test_a_busy_port_is_one_line_and_exit_status_1(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_serve(tmp_path, "--port", str(port))
    assert done.returncode == 1
    assert re.fullmatch(rf"unstall: port {port} is in use: try --port \d+\n", done.stderr)
    suggested = int(done.stderr.split("--port ")[1])
    assert suggested > port


def test_binding_errors_raised_while_starting_are_one_line_too(monkeypatch):
    """Should the port be taken between the check and the start, serving says so the same way."""

    def taken(self: PrivateServer, debug: bool = False) -> None:
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(PrivateServer, "serve", taken)
    with pytest.raises(ServeError, match=r"^port 8000 is in use: try "):
        PrivateServer("true", port=8000).run()
    denied = bind_problem("127.0.0.1", 80, OSError(errno.EACCES, "Permission denied"))
    assert denied == "cannot listen on 127.0.0.1 port 80: Permission denied"


def test_every_start_has_its_own_token_and_the_url_names_the_served_address():
    one, two = PrivateServer("true", port=8000), PrivateServer("true", port=8000)
    assert one.token != two.token
    assert one.url == f"http://127.0.0.1:8000/?token={one.token}"
    assert served_origin("::1", 8001) == "http://[::1]:8001"
    assert served_origin("0.0.0.0", 8001) == f"http://{socket.gethostname()}:8001"


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


async def wait_until_async(fetch, accept, timeout: float = 30.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if accept(await fetch()):
            return True
        await asyncio.sleep(0.2)
    return False


@needs_chromium
async def test_the_app_runs_in_a_browser_tab_and_saves_what_is_typed(tmp_path):
    db = tmp_path / "unstall.json"
    Repository(db).close()
    port = free_port()
    stderr = tmp_path / "serve-stderr.txt"
    with running(serve_args(db, "--port", str(port)), serve_env(tmp_path), stderr):
        url, _ = started(stderr, port)
        async with browser_page(tmp_path) as page:
            await page.call("Page.enable")

            async def evaluate(expression: str) -> object:
                reply = await page.call("Runtime.evaluate", expression=expression)
                return reply.get("result", {}).get("value")  # type: ignore[union-attr]

            # Without the token, the browser gets the short 403 page.
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            assert await wait_until_async(
                lambda: evaluate("document.body && document.body.innerText"),
                lambda text: isinstance(text, str) and "private token" in text,
            )
            await page.call("Page.navigate", url=url)
            # The page's WebSocket (with the cookie the first load set) reached the app.
            assert await wait_until_async(
                lambda: evaluate("document.body.classList.contains('-first-byte')"),
                lambda value: value is True,
            ), "the page never heard from the app"
            await asyncio.sleep(1)  # let the home screen draw
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


# The command each browser session runs, quoted for the shell textual-serve runs it with.

ANN = r"C:\Users\Ann Lee\AppData\Local\Programs\Python\python.exe"
ANNS_DB = r"C:\Users\Ann Lee\Unstall data"


def test_on_windows_the_session_command_is_quoted_the_way_cmd_exe_reads_it():
    command = shell_command([ANN, "-m", "tui.cli", "--db", ANNS_DB], windows=True)
    assert command == f'"{ANN}" -m tui.cli --db "{ANNS_DB}"'
    assert "'" not in command  # cmd.exe would take single quotes as part of the name


def test_elsewhere_the_session_command_is_quoted_for_sh():
    parts = ["/home/ann lee/.venv/bin/python", "-m", "tui.cli", "--db", ANNS_DB]
    command = shell_command(parts, windows=False)
    assert command == f"'/home/ann lee/.venv/bin/python' -m tui.cli --db '{ANNS_DB}'"
    assert shlex.split(command) == parts  # what /bin/sh hands the program


@pytest.mark.skipif(os.name == "nt", reason="checks the POSIX form against shlex")
def test_serve_runs_this_python_on_this_database_whatever_its_path(tmp_path):
    db = tmp_path / "ann lee's \\ data"
    repository = Repository(db)
    try:
        command = serve_command(argparse.Namespace(demo=False), repository)
    finally:
        repository.close()
    assert shlex.split(command) == [sys.executable, "-m", "tui.cli", "--db", str(db)]
    assert shlex.split(serve_command(argparse.Namespace(demo=True), repository))[-1] == "--demo"


# The token is never logged: aiohttp's access log would print it with every request.


async def test_the_token_is_printed_once_in_our_url_line_and_never_logged(tmp_path):
    db = tmp_path / "unstall.json"
    Repository(db).close()
    port = free_port()
    stderr, stdout = tmp_path / "stderr.txt", tmp_path / "stdout.txt"
    env = serve_env(tmp_path, PYTHONUNBUFFERED="1", COLUMNS="300")
    wrong = "not-the-token-4f2a9c"
    with running(serve_args(db, "--port", str(port)), env, stderr, stdout):
        url, token = started(stderr, port)
        served = Served(url, port, token, f"http://127.0.0.1:{port}", tmp_path / "unused")
        answers = [
            (await get(served, "/", params={"token": token}))[0],
            (await get(served, "/static/js/textual.js", params={"token": token}))[0],
            (await get(served, "/", params={"token": wrong}))[0],
            (await get(served, "/nope"))[0],
            (await get(served, "/", params={"token": token}, headers=served.cookie))[0],
        ]
    assert answers == [200, 200, 403, 403, 200]  # the requests were answered, so logged if ever
    out = stdout.read_text(encoding="utf-8", errors="replace")
    err = stderr.read_text(encoding="utf-8", errors="replace")
    everything = out + err
    # Rich wraps long lines: look for the token with all spacing taken out too.
    squeezed = re.sub(r"\s+", "", everything)
    assert squeezed.count(token) == 1
    [line] = [line for line in err.splitlines() if token in line]
    assert URL_LINE.match(line)
    assert wrong not in squeezed
    assert "token=" not in out
    assert "GET " not in everything and "HTTP/1.1" not in everything


def test_a_message_holding_the_token_has_it_hidden():
    record = logging.LogRecord(
        "aiohttp.server",
        logging.ERROR,
        __file__,
        1,
        "bad request %s from %s",
        ("/?token=s3cr3t-t0k3n&x=1", "me"),
        None,
    )
    assert HideToken("s3cr3t-t0k3n").filter(record) is True
    assert record.getMessage() == "bad request /?token=…&x=1 from me"
    other = logging.LogRecord("x", logging.INFO, __file__, 1, "nothing secret %d", (5,), None)
    assert HideToken("s3cr3t-t0k3n").filter(other) is True
    assert other.getMessage() == "nothing secret 5"


# --host must be a host: no URL, no port, no path.


@pytest.mark.parametrize(
    ("host", "port_hint"),
    [
        ("bad host", False),
        ("http://127.0.0.1", True),
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("127.0.0.1/app", False),
        ("ann@127.0.0.1", False),
        (":8000", True),
        (" 127.0.0.1", False),
    ],
)
@pytest.mark.parametrize("allow_remote", [False, True], ids=["", "allow-remote"])
def test_what_is_no_host_at_all_is_refused_as_such(tmp_path, host, port_hint, allow_remote):
    port = free_port()
    extra = ["--allow-remote"] if allow_remote else []
    done = run_serve(tmp_path, "--host", host, "--port", str(port), *extra)
    assert done.returncode == 2
    hint = " (the port goes in --port)" if port_hint else ""
    assert done.stderr == (
        f"unstall: --host '{host}' is not a host name: give just the name or address, such as "
        f"127.0.0.1{hint}\n"
    )
    assert not listening(port)


def test_a_bracketed_ipv6_address_is_told_to_drop_the_brackets():
    assert host_problem("[::1]") == (
        "--host '[::1]' is not a host name: give the IPv6 address without brackets, such as "
        "--host ::1"
    )


@pytest.mark.parametrize(
    "host",
    ["::1", "fe80::1", "::ffff:127.0.0.1", "127.0.0.1", "localhost", "my-box.local", "box_1"],
)
def test_addresses_and_names_are_hosts(host):
    assert host_problem(host) is None


# Another name for the same server (localhost for 127.0.0.1): the token request is sent on.


async def test_the_token_request_by_another_name_is_redirected_to_the_printed_address(served):
    for host in (
        f"localhost:{served.port}",
        f"LOCALHOST:{served.port}",
        "127.0.0.1",
        f"127.0.0.1:{served.port + 1}",
    ):
        status, _, response = await get(
            served, "/", params={"token": served.token}, headers={"Host": host}
        )
        assert status == 302, host
        assert response.headers["Location"] == served.url
        assert "Set-Cookie" not in response.headers  # the cookie is set at the printed address
        assert response.headers["Cache-Control"] == "no-store"
    _, _, response = await get(
        served,
        "/?fontsize=20",
        params={"token": served.token},
        headers={"Host": f"localhost:{served.port}"},
    )
    assert response.headers["Location"] == f"{served.origin}/?fontsize=20&token={served.token}"


async def test_a_wrong_token_by_another_name_is_refused_not_redirected(served):
    for offered in ("", served.token[:-1], "x"):
        status, text, response = await get(
            served, "/", params={"token": offered}, headers={"Host": f"localhost:{served.port}"}
        )
        assert status == 403
        assert "Location" not in response.headers
        assert "printed in its terminal" in text


async def test_after_the_redirect_the_page_and_its_assets_load(served):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        headers = {"Host": f"localhost:{served.port}"}
        async with session.get(served.url, headers=headers, allow_redirects=False) as response:
            assert response.status == 302
            location = response.headers["Location"]
        async with session.get(location) as response:
            assert response.status == 200
            page = await response.text()
        assert f"{served.origin}/static/js/textual.js" in page
        async with session.get(served.at("/static/js/textual.js")) as response:
            assert response.status == 200


async def test_the_page_named_by_the_printed_address_is_not_redirected(served):
    status, _, response = await get(
        served, "/", params={"token": served.token}, headers={"Host": f"127.0.0.1:{served.port}"}
    )
    assert status == 200
    assert "Location" not in response.headers


@needs_chromium
async def test_a_browser_given_localhost_ends_up_on_the_printed_address_and_runs_the_app(tmp_path):
    db = tmp_path / "unstall.json"
    Repository(db).close()
    port = free_port()
    stderr = tmp_path / "serve-stderr.txt"
    with running(serve_args(db, "--port", str(port)), serve_env(tmp_path), stderr):
        url, token = started(stderr, port)
        async with browser_page(tmp_path) as page:
            await page.call("Page.enable")

            async def evaluate(expression: str) -> object:
                reply = await page.call("Runtime.evaluate", expression=expression)
                return reply.get("result", {}).get("value")  # type: ignore[union-attr]

            await page.call("Page.navigate", url=f"http://localhost:{port}/?token={token}")
            # Without the redirect the page's scripts (from 127.0.0.1, no cookie there) get 403
            # and the tab stays blank; with it the app's first bytes arrive.
            assert await wait_until_async(
                lambda: evaluate(
                    "document.body && document.body.classList.contains('-first-byte')"
                ),
                lambda value: value is True,
            ), "the page never heard from the app"
            assert await evaluate("location.href") == url


def test_a_wrong_host_is_echoed_with_its_control_characters_made_visible():
    message = host_problem("box\x1b[31m.local")
    assert message is not None
    assert "\x1b" not in message
    assert message.startswith("--host 'box␛[31m.local' is not a host name")
