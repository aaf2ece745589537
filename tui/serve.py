"""``unstall serve``: the app in a browser tab that only whoever started it can open.

The way Jupyter does it: every start makes a fresh random token and prints the URL with it
(``http://127.0.0.1:8000/?token=...``). Every request must carry that token: the first page load
has it in the query string, and the answer sets an HttpOnly, SameSite=Strict cookie, after which
the cookie is enough (that is how textual-serve's page loads its scripts, styles and WebSocket:
same-origin URLs without the token). Anything else gets 403 and a short plain page.

The WebSocket that drives the app also needs an ``Origin`` header naming exactly the served
address (scheme, host and port as printed). A missing or foreign Origin is refused even with a
valid cookie, so no other web page the owner visits can open a socket to the app.
The check is strict: ``http://localhost:8000`` is not accepted for a server printed as
``http://127.0.0.1:8000`` (the page it serves always connects to the printed address, and the
cookie belongs to that host only, so nothing legitimate is lost). The first load, though, may
come in by another name for the same server (``http://localhost:8000/?token=...``): with a valid
token it is redirected to the printed address, so the cookie is set where the page will use it.

All of this is one aiohttp middleware on the very application textual-serve builds. The token
is never logged: aiohttp's access log (one line per request, query string included) is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import ipaddress
import logging
import os
import secrets
import shlex
import socket
import string
import subprocess
import webbrowser
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from playbook.inert import shown

TOKEN_PARAMETER = "token"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
HOW_TO_GET_IN = (
    "403 Forbidden: this address needs its private token.\n"
    "Open the URL that 'unstall serve' printed in its terminal (it ends in ?token=...).\n"
)
FOREIGN_ORIGIN = (
    "403 Forbidden: this connection did not come from the page 'unstall serve' printed.\n"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServeError(Exception):
    """Serving cannot start; the message is one line for the user."""


def shell_command(parts: Sequence[str], *, windows: bool | None = None) -> str:
    """``parts`` as one command line for the system shell, which is how textual-serve runs each
    session (``asyncio.create_subprocess_shell``): /bin/sh quoting, or on Windows (``windows``
    defaults to ``os.name == "nt"``) the double quotes of cmd.exe, which takes ``'`` literally.
    """
    if windows is None:
        windows = os.name == "nt"
    return subprocess.list2cmdline(parts) if windows else shlex.join(parts)


def new_token() -> str:
    """A fresh secret for one start of the server."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may well be reachable from elsewhere


HOST_SHOWN = 60
"""At most this many characters of a wrong ``--host`` are echoed in its message."""


HOST_CHARACTERS = frozenset(string.ascii_letters + string.digits + ".-_")
"""The ASCII characters a host name may hold (``_`` too: some local names have it)."""


def shown_host(host: str) -> str:
    """``host`` as echoed in a message: its control characters made visible, cut short."""
    cut = host if len(host) <= HOST_SHOWN else host[: HOST_SHOWN - 1] + "…"
    return shown(cut, one_line=True)


def not_a_host(host: str) -> str | None:
    """Why ``host`` is no name or address at all (a URL, a port, a path, spaces), or None."""
    if not any((c.isascii() and c not in HOST_CHARACTERS) or not c.isprintable() for c in host):
        return None
    inner = host[1:-1] if host.startswith("[") and host.endswith("]") else None
    with contextlib.suppress(ValueError):
        if inner is not None and ipaddress.ip_address(inner).version == 6:
            return (
                f"--host '{shown_host(host)}' is not a host name: give the IPv6 address without "
                f"brackets, such as --host {inner}"
            )
    port = " (the port goes in --port)" if ":" in host else ""
    return (
        f"--host '{shown_host(host)}' is not a host name: give just the name or address, "
        f"such as 127.0.0.1{port}"
    )


def host_problem(host: str) -> str | None:
    """Why ``host`` is no address to listen on, or ``None``: empty; not a host at all (a URL,
    a port after a colon, a path, spaces: anything but letters, digits, dots, hyphens and
    underscores, unless it is an IP address, IPv6 included); or no valid name (an empty or
    overlong label). Whether it is reachable is found when listening (:func:`check_can_listen`).
    """
    if not host.strip():
        return (
            "--host is empty: give an address such as 127.0.0.1 (this machine only), or leave "
            "--host out"
        )
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if wrong := not_a_host(host):
        return wrong
    try:
        host.encode("idna")
    except UnicodeError:
        return (
            f"--host {shown_host(host)} is not a host name or an IP address (a host name is words "
            "of letters, digits and hyphens between single dots, each at most 63 long): give "
            "one such as 127.0.0.1 or localhost"
        )
    return None


def remote_refusal(host: str) -> str | None:
    """Why `host` is refused without --allow-remote, or None when it is fine."""
    if is_loopback(host):
        return None
    return (
        f"--host {host} can be reached from other machines: add --allow-remote to serve there "
        "anyway (the URL's private token is still needed), or leave --host out to stay on "
        "127.0.0.1"
    )


def served_origin(host: str, port: int) -> str:
    """The scheme, host and port the page is served at (and connects its WebSocket to).

    A wildcard address (0.0.0.0, ::) is no address a browser can open: the machine's host name
    stands in for it.
    """
    name = socket.gethostname() if host in WILDCARD_HOSTS else host
    if ":" in name:
        name = f"[{name}]"  # an IPv6 address
    return f"http://{name}:{port}"


def cookie_name(port: int) -> str:
    """Cookies ignore ports: two servers on one host each keep their own."""
    return f"unstall-token-{port}"


def same_secret(candidate: str, token: str) -> bool:
    return hmac.compare_digest(
        candidate.encode("utf-8", "replace"), token.encode("utf-8", "replace")
    )


def origin_key(origin: str) -> tuple[str, str, int | None] | None:
    try:
        url = URL(origin)
    except (ValueError, TypeError):
        return None
    if not url.scheme or not url.host:
        return None  # "null" (sandboxed frames, file: pages) and anything malformed
    return (url.scheme.lower(), url.host.lower().rstrip("."), url.port)


def forbidden(text: str) -> web.Response:
    response = web.Response(status=403, text=text, content_type="text/plain")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def moved(location: str) -> web.Response:
    """302 to ``location`` (which holds the token: not to be cached or passed on)."""
    response = web.Response(status=302, headers={"Location": location})
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def bind_problem(host: str, port: int, error: OSError) -> str:
    """One line saying why listening on host:port failed."""
    if error.errno == errno.EADDRINUSE:
        free = next_free_port(host, port)
        hint = f"try --port {free}" if free else "try another --port"
        return f"port {port} is in use: {hint}"
    reason = error.strerror or str(error) or type(error).__name__
    return f"cannot listen on {host} port {port}: {reason}"


def probe(host: str, port: int) -> None:
    """Bind (and let go of) every address aiohttp will listen on; OSError when one fails.

    Mirrors asyncio's create_server: SO_REUSEADDR, IPV6_V6ONLY, and an IPv6 address the
    machine has not enabled is skipped.
    """
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    for family, kind, protocol, _, address in dict.fromkeys(infos):
        with socket.socket(family, kind, protocol) as sock:
            if hasattr(socket, "SO_REUSEADDR") and hasattr(socket, "AF_UNIX"):  # not Windows
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and hasattr(socket, "IPPROTO_IPV6"):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as error:
                if family == socket.AF_INET6 and error.errno == errno.EADDRNOTAVAIL:
                    continue
                raise


def next_free_port(host: str, port: int, tries: int = 20) -> int | None:
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        try:
            probe(host, candidate)
        except OSError:
            continue
        return candidate
    return None


def check_can_listen(host: str, port: int) -> None:
    """Raise ServeError, with a one-line reason, when host:port cannot be listened on."""
    try:
        probe(host, port)
    except OSError as error:
        raise ServeError(bind_problem(host, port, error)) from None
    except UnicodeError:  # a name idna cannot encode (host_problem says so first)
        raise ServeError(f"cannot listen on {host}: it is not a host name") from None


ACCESS_LOG = "aiohttp.access"
"""aiohttp's logger of one line per request, query string (and so the token) included."""
HIDDEN = "…"


class HideToken(logging.Filter):
    """Puts ``…`` in place of the token in any message a log handler is given (a safety net:
    the access log, the one logger known to print it, is off)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, HIDDEN)
            record.args = None
        return True


class PrivateServer(Server):
    """textual-serve's Server, answering only requests that carry this start's token."""

    def __init__(
        self,
        command: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str | None = None,
        *,
        token: str | None = None,
        open_browser: bool = False,
    ) -> None:
        super().__init__(
            command, host=host, port=port, title=title, public_url=served_origin(host, port)
        )
        self.token = token or new_token()
        self.open_browser = open_browser
        self.cookie = cookie_name(port)
        self.origin = origin_key(self.public_url)
        self.background: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        """The address to open: the served origin with this start's token."""
        return f"{self.public_url}/?{TOKEN_PARAMETER}={self.token}"

    @property
    def served_host(self) -> tuple[str, int | None] | None:
        return None if self.origin is None else self.origin[1:]

    def initialize_logging(self) -> None:
        """textual-serve's logging (its documented override point), minus the access log.

        aiohttp logs every request line, ``GET /?token=... 200`` included, at INFO on the
        ``aiohttp.access`` logger; above INFO it logs nothing, and aiohttp then skips formatting
        the line altogether. Any other message holding the token has it hidden.
        """
        super().initialize_logging()
        logging.getLogger(ACCESS_LOG).setLevel(logging.WARNING)
        hide = HideToken(self.token)
        for handler in logging.getLogger().handlers:
            handler.addFilter(hide)

    async def on_startup(self, app: web.Application) -> None:
        """Guard the application textual-serve made, before aiohttp freezes it.

        textual-serve builds its web.Application in a private method (``_make_app``) and has no
        public hook for middlewares; ``on_startup`` is its public, documented override point and
        receives that application. aiohttp runs the startup signal before it freezes the
        application (``AppRunner`` calls ``app.startup()`` then ``app.freeze()``), so appending to
        the public ``app.middlewares`` here takes effect for every request, static files and
        404s included. Should a later version freeze the list sooner, the append raises and
        serving stops before it answers anything: it fails closed. The base method only prints
        a banner (with the token-less URL), so it is not called: ``unstall serve`` prints the URL
        itself.
        """
        app.middlewares.append(self.guard)
        if self.open_browser:
            task = asyncio.create_task(self.open_when_listening())
            self.background.add(task)
            task.add_done_callback(self.background.discard)

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The token (query or cookie) on every request; the Origin too on the WebSocket."""
        offered = request.query.get(TOKEN_PARAMETER)
        if offered is not None:
            if not same_secret(offered, self.token):
                return forbidden(HOW_TO_GET_IN)
            if self.is_another_name(request):
                # The cookie would belong to the name in the address bar, and the page loads
                # everything from the printed address: go there, token and all.
                return moved(f"{self.public_url}{request.rel_url}")
        elif not same_secret(request.cookies.get(self.cookie, ""), self.token):
            return forbidden(HOW_TO_GET_IN)
        if self.is_websocket(request):
            origin = origin_key(request.headers.get("Origin", ""))
            if origin is None or origin != self.origin:
                return forbidden(FOREIGN_ORIGIN)
        response = await handler(request)
        if not response.prepared:  # a WebSocket has sent its headers already
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            if offered is not None:
                response.set_cookie(
                    self.cookie,
                    self.token,
                    path="/",
                    httponly=True,
                    samesite="Strict",
                    secure=self.public_url.startswith("https:"),
                )
        return response

    def is_another_name(self, request: web.Request) -> bool:
        """Whether the request came in by another host name or port than the printed one
        (``localhost`` for ``127.0.0.1``, say)."""
        asked = origin_key(f"http://{request.host}")
        return asked is None or asked[1:] != self.served_host

    @staticmethod
    def is_websocket(request: web.Request) -> bool:
        route = request.match_info.route
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        return upgrade or route.name == "websocket"

    async def open_when_listening(self, timeout: float = 15.0) -> None:
        """Open the URL in a browser once the server accepts connections."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        local = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        while True:
            try:
                _, writer = await asyncio.open_connection(local, self.port)
            except OSError:
                if loop.time() > deadline:
                    return
                await asyncio.sleep(0.05)
                continue
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            break
        await asyncio.to_thread(webbrowser.open, self.url)

    def run(self) -> None:
        """Serve until ctrl+c; ServeError (one line) when the address cannot be listened on."""
        try:
            self.serve()
        except OSError as error:
            raise ServeError(bind_problem(self.host, self.port, error)) from None
