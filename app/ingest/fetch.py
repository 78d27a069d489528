"""Fetch a readout from its web address, refusing every address that is not on the public internet.

This is the one impure module of ``ingest``: it does network I/O, because a statement can
be brought in by its address. Everything else in ingest is bytes in, values out; what this
returns goes on to ``readers.read_bytes`` like an upload. It is kept here, beside the
readers, so that the limits of reading and of fetching are written in one place; the web
and the API call it through the services, in a worker thread (it blocks for up to
``timeout`` seconds).

Why the standard library and not httpx: the address checked must be the address connected
to. The host is resolved once, every address it resolves to is checked, and the socket is
opened to the checked address itself (TLS still verifies the certificate against the host
name), so a DNS answer that changes between the check and the connection (DNS rebinding)
changes nothing. http.client takes a socket we opened; no proxy from the environment is
used, and redirects are followed here, one hop at a time, each checked the same way.

Limits: ``timeout`` seconds in all (DNS, connecting, redirects, reading: a watchdog closes
the socket when the time is up, so a server sending a byte a second cannot stretch it),
``max_bytes`` of body, at most ``MAX_REDIRECTS`` redirects, and only web pages, PDFs and
plain text. Errors are ``FetchError`` with a message for a person.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "Readouts/0.1 (fetches one statement a person asked for)"
_CHUNK = 65_536

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """The page could not be fetched; the message says why, for a person."""


class FetchRefused(FetchError):
    """The address, or what it answered, is not something Readouts fetches."""


class FetchTimeout(FetchError):
    """The page did not answer in time."""


class FetchTooLarge(FetchError):
    """The page is larger than the limit."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the address asked for, where it ended after redirects, and its body."""

    url: str
    final_url: str
    content_type: str  # media type without parameters, lower case ("" when not given)
    body: bytes


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str


def fetch(
    url: str,
    *,
    allowed_networks: Iterable[str | Network] = (),
    max_bytes: int = 5_000_000,
    timeout: float = 10.0,
) -> Fetched:
    """GET ``url``, following redirects by hand; see the module docstring for the limits.

    ``allowed_networks``: address ranges fetched although not public (tests serve fixtures
    from 127.0.0.1 this way; a deployment may allow an intranet).
    """
    allowed = tuple(ipaddress.ip_network(n) if isinstance(n, str) else n for n in allowed_networks)
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        target = _parse(current)
        address = _checked_address(target, allowed, deadline, timeout)
        status, location, content_type, body = _get(target, address, max_bytes, deadline, timeout)
        if status in _REDIRECTS and location:
            current = urllib.parse.urljoin(target.url, location)
            continue
        if status >= 400:
            raise FetchError(f"that page answered with an error ({status} {_reason(status)})")
        if status != 200:
            raise FetchError(f"that page gave no content (HTTP status {status})")
        return Fetched(url=url, final_url=target.url, content_type=content_type, body=body)
    raise FetchError(f"that address redirected more than {MAX_REDIRECTS} times")


# --------------------------------------------------------------------------- addresses


def _parse(url: str) -> _Target:
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"that is not a web address ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused("only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise FetchRefused("that web address has no host name")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("web addresses with a user name or password are not fetched")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Spaces and non-ASCII characters are sent escaped; what is escaped already stays so.
    path = urllib.parse.quote(path, safe="/%?=&;:@!$'()*+,~-._")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchRefused(f"that web address has an invalid host name ({exc})") from exc
    default = 443 if scheme == "https" else 80
    return _Target(url, scheme, host, port or default, path)


def _checked_address(
    target: _Target, allowed: tuple[Network, ...], deadline: float, timeout: float
) -> Address:
    """The first address of the host that may be fetched; FetchRefused when none may."""
    addresses = _resolve(target.host, target.port, deadline, timeout)
    problems = []
    for address in addresses:
        problem = _problem(address, allowed)
        if problem is None:
            return address
        problems.append(problem)
    raise FetchRefused(problems[0] if problems else f"the host name {target.host} was not found")


def _resolve(host: str, port: int, deadline: float, timeout: float) -> list[Address]:
    """Every address of ``host``; DNS answers within the time left, or FetchTimeout."""
    executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = executor.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    executor.shutdown(wait=False)
    try:
        infos = future.result(timeout=max(0.0, deadline - time.monotonic()))
    except concurrent.futures.TimeoutError as exc:
        raise FetchTimeout(_too_slow(timeout)) from exc
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"the host name {host} was not found") from exc
    found: list[Address] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _problem(address: Address, allowed: tuple[Network, ...]) -> str | None:
    """Why ``address`` may not be fetched, in words; None when it may."""
    if any(address.version == net.version and address in net for net in allowed):
        return None
    inner = _embedded_ipv4(address)
    if inner is not None:
        return _problem(inner, allowed)
    kinds = (
        (address.is_loopback, "is this machine (loopback)"),
        (address.is_unspecified, "is unspecified"),
        (address.is_link_local, "is a link-local address"),
        (address.is_multicast, "is a multicast address"),
        (address.is_private, "is on a private network"),
        (address.is_reserved, "is reserved"),
        (not address.is_global, "is not on the public internet"),
    )
    for bad, words in kinds:
        if bad:
            return f"that address {words} ({address})"
    return None


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4 or Teredo IPv6 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    return address.teredo[1] if address.teredo is not None else None


# --------------------------------------------------------------------------- HTTP


class _Connection(http.client.HTTPConnection):
    """An HTTP connection over a socket already opened (to the checked address)."""

    def __init__(self, sock: socket.socket, host: str, timeout: float) -> None:
        super().__init__(host, timeout=timeout)
        self.sock = sock

    def connect(self) -> None:  # the socket is open already
        return None


def _get(
    target: _Target, address: Address, max_bytes: int, deadline: float, timeout: float
) -> tuple[int, str | None, str, bytes]:
    """One GET to ``address``: (status, Location, media type, body)."""
    sock = _open(target, address, deadline, timeout)
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shut, (sock,))
    watchdog.daemon = True
    watchdog.start()
    response: http.client.HTTPResponse | None = None
    try:
        connection = _Connection(sock, target.host, max(0.01, deadline - time.monotonic()))
        host = target.host if ":" not in target.host else f"[{target.host}]"
        default = 443 if target.scheme == "https" else 80
        connection.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if target.port == default else f"{host}:{target.port}")
        connection.putheader("User-Agent", _USER_AGENT)
        connection.putheader("Accept", ", ".join(ACCEPTED_TYPES))
        connection.putheader("Accept-Encoding", "identity")
        connection.putheader("Connection", "close")
        connection.endheaders()
        response = connection.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), "", b""
        content_type = _media_type(response.getheader("Content-Type"))
        if response.status == 200:
            _check_type(content_type)
        return response.status, None, content_type, _body(response, max_bytes, deadline)
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline - 0.05 or isinstance(exc, TimeoutError):
            raise FetchTimeout(_too_slow(timeout)) from exc
        raise FetchError(f"that page could not be read ({type(exc).__name__})") from exc
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()  # its file holds the socket open past sock.close() otherwise
        sock.close()


def _open(target: _Target, address: Address, deadline: float, timeout: float) -> socket.socket:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeout(_too_slow(timeout))
    try:
        # No name lookup here (create_connection would make one): the checked address only.
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(remaining)
        try:
            sock.connect((str(address), target.port))
        except BaseException:
            sock.close()
            raise
    except TimeoutError as exc:
        raise FetchTimeout(_too_slow(timeout)) from exc
    except OSError as exc:
        raise FetchError(f"that page could not be reached ({exc.strerror or exc})") from exc
    if target.scheme == "http":
        return sock
    try:
        # The certificate is checked against the host name, not the address connected to.
        return ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
    except TimeoutError as exc:
        sock.close()
        raise FetchTimeout(_too_slow(timeout)) from exc
    except (ssl.SSLError, OSError) as exc:
        sock.close()
        raise FetchError(f"that site's secure connection failed ({exc})") from exc


def _shut(sock: socket.socket) -> None:
    """The watchdog: end the connection at the deadline, whatever the server is doing."""
    with contextlib.suppress(OSError):  # closed already: nothing to end
        sock.shutdown(socket.SHUT_RDWR)


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _check_type(content_type: str) -> None:
    if content_type and content_type not in ACCEPTED_TYPES:
        raise FetchRefused(f"that is not a web page or PDF ({content_type})")


def _body(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchTooLarge(_too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read1(_CHUNK)
        if not chunk:
            if time.monotonic() > deadline - 0.05:
                raise TimeoutError  # the watchdog ended the connection
            if length is not None and length.strip().isdigit() and size < int(length):
                raise FetchError("that page was cut off before its end")
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchTooLarge(_too_large(max_bytes))
        chunks.append(chunk)


def _too_slow(timeout: float) -> str:
    return f"that page did not answer in {timeout:g} s"


def _too_large(max_bytes: int) -> str:
    megabytes = max_bytes / 1_000_000
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes:,} bytes"
    return f"the page is larger than {size}"


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"
