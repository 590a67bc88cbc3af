"""SafeFetcher: a local server on 127.0.0.1 for the happy paths (allowed only with
allow_private=True), and refusals decided before any connection (literal or mocked addresses;
no traffic ever leaves the machine)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from photos_helpers import product_photo, to_bytes

from pantau.errors import FetchError
from pantau.ingest import fetch as fetch_mod
from pantau.ingest.fetch import BlockedAddress, SafeFetcher, TooLarge, WrongContentType, is_public

PNG = to_bytes(product_photo(1, (64, 48)))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        routes = {
            "/photo.png": (200, "image/png", PNG),
            "/page": (200, "text/html; charset=utf-8", b"<html>hi</html>"),
            "/big.png": (200, "image/png", b"\x89PNG" + b"0" * 5000),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/photo.png")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/chunked-big":
            # no Content-Length: the cap must be enforced while streaming
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"400\r\n" + b"x" * 1024 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
        elif self.path in routes:
            status, ctype, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def local(**kw: object) -> SafeFetcher:
    kw.setdefault("per_host_interval", 0.0)
    return SafeFetcher(allow_private=True, **kw)  # type: ignore[arg-type]


def test_fetches_a_photo_from_the_local_server_when_private_is_allowed(server: str) -> None:
    with local() as f:
        r = f.get(f"{server}/photo.png")
    assert (r.status, r.content_type, r.content) == (200, "image/png", PNG)


def test_follows_redirects_and_reports_the_final_url(server: str) -> None:
    with local() as f:
        r = f.get(f"{server}/redirect")
    assert r.final_url.endswith("/photo.png") and r.content == PNG


def test_loopback_is_refused_by_default_before_connecting(server: str) -> None:
    with SafeFetcher() as f, pytest.raises(BlockedAddress, match=r"127\.0\.0\.1 is not public"):
        f.get(f"{server}/photo.png")


def test_wrong_content_type(server: str) -> None:
    with local() as f, pytest.raises(WrongContentType, match="text/html"):
        f.get(f"{server}/page")
    with local(allowed_types=("text/html",)) as f:
        assert f.get(f"{server}/page").content == b"<html>hi</html>"


def test_size_caps_declared_and_streamed(server: str) -> None:
    with local(max_bytes=1000) as f:
        with pytest.raises(TooLarge, match="declares 5004 bytes"):
            f.get(f"{server}/big.png")
        with pytest.raises(TooLarge, match="larger than 1000 bytes"):
            f.get(f"{server}/chunked-big")


def test_timeouts_http_errors_and_redirect_loops(server: str) -> None:
    with local(timeout=0.3) as f, pytest.raises(FetchError, match="timed out"):
        f.get(f"{server}/slow")
    with local() as f:
        with pytest.raises(FetchError, match="HTTP 404"):
            f.get(f"{server}/missing")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(f"{server}/loop")


def mock_transport(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes[f"{request.headers['host']}{request.url.path}"]

    return httpx.MockTransport(handler)


def test_each_redirect_hop_is_rechecked_with_resolution_mocked() -> None:
    """A public host redirects to one that resolves privately: refused before the second hop.
    The transport is mocked: no connection is made to any address."""
    resolved = {"shop.example": ["93.184.216.34"], "internal.example": ["10.0.0.7"]}
    transport = mock_transport({
        "shop.example/a.jpg": httpx.Response(302, headers={"Location": "http://internal.example/secret"}),
        "shop.example/b.jpg": httpx.Response(200, headers={"Content-Type": "image/jpeg"}, content=b"jpeg"),
    })
    with SafeFetcher(per_host_interval=0, resolver=lambda h, p: resolved[h], transport=transport) as f:
        assert f.get("http://shop.example/b.jpg").content == b"jpeg"
        with pytest.raises(BlockedAddress, match=r"10\.0\.0\.7"):
            f.get("http://shop.example/a.jpg")


def test_the_checked_address_is_the_one_connected_to() -> None:
    """DNS rebinding: the request goes to the IP that was checked, with the name in Host."""
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(200, headers={"Content-Type": "image/png"}, content=b"x")

    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    with SafeFetcher(per_host_interval=0, resolver=lambda h, p: next(answers),
                     transport=httpx.MockTransport(handler)) as f:
        f.get("https://cdn.example/p.png")
        with pytest.raises(BlockedAddress):
            f.get("https://cdn.example/p.png")  # the second answer is loopback
    assert len(asked) == 1
    assert asked[0].url.host == "93.184.216.34" and asked[0].headers["host"] == "cdn.example"
    assert asked[0].extensions["sni_hostname"] == "cdn.example"


def test_a_host_with_any_private_answer_is_refused() -> None:
    f = SafeFetcher(resolver=lambda h, p: ["93.184.216.34", "192.168.1.1"])
    with pytest.raises(BlockedAddress, match=r"192\.168\.1\.1"):
        f.check_url("http://mixed.example/x.jpg")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x", "http://[::1]/x",
    "http://10.1.2.3/x", "http://172.16.0.1/x", "http://192.168.0.10/x", "http://169.254.169.254/x",
    "http://[fe80::1]/x", "http://[fc00::1]/x", "http://224.0.0.1/x", "http://0.0.0.0/x",
    "http://100.64.0.1/x", "http://240.0.0.1/x", "http://[::ffff:127.0.0.1]/x", "http://255.255.255.255/x",
])
def test_literal_private_and_special_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddress):
        SafeFetcher().check_url(url)


@pytest.mark.parametrize("url", ["ftp://93.184.216.34/x", "file:///etc/passwd", "gopher://x/",
                                 "http://user:pw@93.184.216.34/x"])
def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddress):
        SafeFetcher().check_url(url)


def test_public_addresses_pass_the_check() -> None:
    import ipaddress

    assert is_public(ipaddress.ip_address("93.184.216.34"))
    assert is_public(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))
    assert SafeFetcher().check_url("https://93.184.216.34:8443/p.jpg")[1:] == ("93.184.216.34", 8443,
                                                                                "93.184.216.34")


def test_per_host_rate_limit_spaces_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    sleeps: list[float] = []
    monkeypatch.setattr(fetch_mod.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(fetch_mod.time, "sleep", lambda s: sleeps.append(round(s, 3)))
    f = SafeFetcher(per_host_interval=2.0)
    f._wait_turn("a.example")
    f._wait_turn("a.example")
    f._wait_turn("b.example")
    f._wait_turn("a.example")
    assert sleeps == [2.0, 4.0], "a.example waits its turn; b.example does not"
