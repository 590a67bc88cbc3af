"""Fetching pages and photos from the internet without being turned against ourselves.

A URL in a listing is chosen by the seller. Before any connection, the host is resolved and every
address must be public (no private, loopback, link-local, multicast, reserved or unspecified
ranges, v4 or v6) unless `allow_private=True` (tests against a local server). The connection is
then made to the address that was checked, with the original host name in the Host header and
for TLS (SNI and certificate check), so a second DNS answer cannot point it elsewhere (DNS
rebinding). Redirects are followed by hand, each hop checked the same way. Bodies are streamed
and cut off at `max_bytes`; the declared content type must be allowed; each host is asked at most
once per `per_host_interval` seconds.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from pantau.errors import FetchError

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp")
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "pantau/0.1 (+https://github.com/pantau; enforcement of Indonesian trade rules)"

Resolver = Callable[[str, int], Sequence[str]]


class BlockedAddress(FetchError):
    """The URL points (or redirects) to an address pantau must not reach."""


class TooLarge(FetchError):
    pass


class WrongContentType(FetchError):
    pass


@dataclass(frozen=True, slots=True)
class FetchedResource:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str
    content: bytes


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve host ({e})", where=host) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    # is_global excludes private, loopback, link-local, reserved, shared (CGNAT) and documentation
    # ranges; multicast is listed separately because some multicast ranges count as global.
    return addr.is_global and not (addr.is_multicast or addr.is_unspecified or addr.is_reserved)


class SafeFetcher:
    def __init__(self, max_bytes: int = 10 * 1024 * 1024, timeout: float = 10.0,
                 allowed_types: Sequence[str] = IMAGE_TYPES, allow_private: bool = False, *,
                 max_redirects: int = 5, per_host_interval: float = 1.0,
                 resolver: Resolver = system_resolver, user_agent: str = USER_AGENT,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.max_bytes = max_bytes
        self.allowed_types = tuple(t.lower() for t in allowed_types)
        self.allow_private = allow_private
        self.max_redirects = max_redirects
        self.per_host_interval = per_host_interval
        self._resolve = resolver
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                                    headers={"User-Agent": user_agent}, transport=transport,
                                    trust_env=False)  # never route through an environment proxy
        self._last: dict[str, float] = {}
        self._rate_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> FetchedResource:
        current = url
        for _ in range(self.max_redirects + 1):
            response = self._request(current)
            if response.is_redirect:
                location = response.headers.get("location", "")
                response.close()
                if not location:
                    raise FetchError(f"redirect {response.status_code} without a Location", where=current)
                current = urljoin(current, location)
                continue
            try:
                return self._read(url, current, response)
            finally:
                response.close()
        raise FetchError(f"more than {self.max_redirects} redirects", where=url)

    # -- one hop -------------------------------------------------------------------------------

    def check_url(self, url: str) -> tuple[str, str, int, str]:
        """Scheme, host, port and the checked IP address to connect to; raises BlockedAddress."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as e:
            raise FetchError(f"malformed URL ({e})", where=url[:200]) from None
        if parts.scheme not in ("http", "https"):
            raise BlockedAddress(f"scheme {parts.scheme!r} is not fetched (http and https only)",
                                 where=url[:200])
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise FetchError("URL has no host", where=url[:200])
        if parts.username or parts.password:
            raise BlockedAddress("URLs with credentials are not fetched", where=host)
        try:
            addrs = [ipaddress.ip_address(host)]
        except ValueError:
            addrs = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self._resolve(host, port)]
        if not addrs:
            raise FetchError("host has no address", where=host)
        if not self.allow_private:
            # Every answer must be public: a host that also resolves to 10.0.0.1 is refused, since
            # which answer a client picks is not ours to control.
            bad = [str(a) for a in addrs if not is_public(a)]
            if bad:
                raise BlockedAddress(f"address {bad[0]} is not public (private, loopback, link-local, "
                                     "multicast or reserved)", where=host)
        return parts.scheme, host, port, str(addrs[0])

    def post(self, url: str, *, content: bytes, headers: dict[str, str] | None = None) -> int:
        """POST to a checked, pinned address (webhooks); redirects are not followed. The status code."""
        response = self._request(url, method="POST", content=content, extra_headers=headers)
        try:
            return response.status_code
        finally:
            response.close()

    def _request(self, url: str, *, method: str = "GET", content: bytes | None = None,
                 extra_headers: dict[str, str] | None = None) -> httpx.Response:
        scheme, host, port, ip = self.check_url(url)
        self._wait_turn(host)
        parts = urlsplit(url)
        ip_host = f"[{ip}]" if ":" in ip else ip
        pinned = parts._replace(netloc=f"{ip_host}:{port}").geturl()
        default_port = (scheme == "https" and port == 443) or (scheme == "http" and port == 80)
        headers = {**(extra_headers or {}), "Host": host if default_port else f"{host}:{port}"}
        extensions = {"sni_hostname": host} if scheme == "https" else {}
        try:
            request = self._client.build_request(method, pinned, headers=headers, content=content,
                                                 extensions=extensions)
            return self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError("timed out", where=url[:200]) from None
        except httpx.HTTPError as e:
            raise FetchError(f"request failed ({e.__class__.__name__}: {e})", where=url[:200]) from None

    def _read(self, url: str, final_url: str, response: httpx.Response) -> FetchedResource:
        where = final_url[:200]
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code}", where=where)
        ctype = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not self._type_allowed(ctype):
            raise WrongContentType(f"content type {ctype or '(none)'!r} is not one of "
                                   f"{', '.join(self.allowed_types)}", where=where)
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLarge(f"declares {declared} bytes, more than {self.max_bytes}", where=where)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLarge(f"body is larger than {self.max_bytes} bytes", where=where)
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchError("timed out while reading", where=where) from None
        except httpx.HTTPError as e:
            raise FetchError(f"read failed ({e.__class__.__name__})", where=where) from None
        return FetchedResource(url, final_url, response.status_code, ctype, b"".join(chunks))

    def _type_allowed(self, ctype: str) -> bool:
        for allowed in self.allowed_types:
            if allowed.endswith("/*") and ctype.startswith(allowed[:-1]):
                return True
            if ctype == allowed:
                return True
        return False

    def _wait_turn(self, host: str) -> None:
        """Politeness: at most one request per host per interval (sleeps the calling thread)."""
        with self._rate_lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.per_host_interval
            slot = max(now, ready)
            self._last[host] = slot
        if slot > now:
            time.sleep(slot - now)
