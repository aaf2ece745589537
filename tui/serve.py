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
cookie belongs to that host only, so nothing legitimate is lost).

All of this is one aiohttp middleware on the very application textual-serve builds.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import ipaddress
import secrets
import socket
import webbrowser
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

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


def host_problem(host: str) -> str | None:
    """Why ``host`` is no address to listen on (empty, or no host name: an empty or overlong
    label, a character no name may hold), or ``None``. Whether it is reachable is found when
    listening (:func:`check_can_listen`)."""
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
    try:
        host.encode("idna")
    except UnicodeError:
        shown_host = host if len(host) <= HOST_SHOWN else host[: HOST_SHOWN - 1] + "…"
        return (
            f"--host {shown_host} is not a host name or an IP address (a host name is words of "
            "letters, digits and hyphens between single dots, each at most 63 long): give "
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
