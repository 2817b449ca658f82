"""A slow, silent, flooding or moody server: every remote call ends within its
deadline with one clear RemoteError (exit 9), reads at most its size cap, and
caches answers only for a while (a one-off warning is asked again)."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gnas_annot.errors import RemoteDataError, RemoteUnavailableError
from gnas_annot.remote.client import HttpClient
from gnas_annot.remote.http import DEADLINE, MAX_AGE, MAX_BYTES


class Hostile(BaseHTTPRequestHandler):
    behaviour: str
    hits: list[str]

    def do_GET(self):
        self.hits.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()  # (the client may give up first, as it should)

    def _answer(self):
        if self.behaviour == "silent":
            time.sleep(30)
            return
        self.send_response(200)
        if self.behaviour == "trickle":  # one byte every 0.5 s, forever
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.5)
        elif self.behaviour == "flood":  # no Content-Length: only reading tells the size
            self.end_headers()
            block = b"A" * (1 << 16)
            for _ in range(200):
                self.wfile.write(block)
        elif self.behaviour == "announced":
            self.send_header("Content-Length", str(300 << 20))
            self.end_headers()
        else:
            body = json.dumps({"n": len(self.hits), "flag": self.behaviour}).encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (Hostile,), {"behaviour": "ok", "hits": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_the_limits_are_bounded():
    assert DEADLINE <= 120 and MAX_BYTES <= 64 << 20 and MAX_AGE <= 30 * 24 * 3600


@pytest.mark.parametrize("behaviour", ["silent", "trickle"])
def test_a_slow_server_is_given_up_at_the_deadline(server, tmp_path, behaviour):
    # one byte every 5 s used to hold `hgvs --remote` for more than 420 s
    handler, url = server
    handler.behaviour = behaviour
    client = HttpClient("Slow", url, cache=tmp_path, backoff=0, deadline=2.0)
    start = time.monotonic()
    with pytest.raises(RemoteUnavailableError, match="Slow") as info:
        client.get("x")
    assert time.monotonic() - start < 5.0
    assert "\n" not in str(info.value) and info.value.exit_code == 9
    assert len(handler.hits) == 1  # a server that stopped answering is not asked again
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("behaviour", ["flood", "announced"])
def test_an_oversized_answer_is_refused_not_read_whole(server, tmp_path, behaviour):
    handler, url = server
    handler.behaviour = behaviour
    client = HttpClient("Big", url, cache=tmp_path, backoff=0, max_bytes=1 << 20)
    with pytest.raises(RemoteDataError, match="more than 1 MB") as info:
        client.get("x")
    assert info.value.exit_code == 9
    assert not list(tmp_path.iterdir())  # and nothing cached


def test_cached_answers_expire(server, tmp_path):
    _, url = server
    client = HttpClient("Svc", url, cache=tmp_path, backoff=0, max_age=3600)
    assert json.loads(client.get("x"))["n"] == 1
    assert json.loads(client.get("x"))["n"] == 1  # from the cache
    [entry] = tmp_path.iterdir()
    old = time.time() - 7200
    os.utime(entry, (old, old))
    assert json.loads(client.get("x"))["n"] == 2  # expired: asked again
    assert json.loads(HttpClient("Svc", url, cache=tmp_path, refresh=True).get("x"))["n"] == 3


def test_a_variantvalidator_warning_is_not_cached(server, tmp_path):
    from gnas_annot.model.builds import GenomeBuild
    from gnas_annot.remote.client import check_with_variantvalidator

    handler, url = server
    handler.behaviour = "warning"
    client = HttpClient("VariantValidator", url, cache=tmp_path, backoff=0)
    for _ in range(2):
        with pytest.raises(RemoteDataError):
            check_with_variantvalidator(
                "NM_000516.7:c.601C>T", GenomeBuild.GRCh38, {"NM_000516.7": "x"}, None, client
            )
    assert len(handler.hits) == 2 and not list(tmp_path.iterdir())


def test_a_cache_that_cannot_be_written_costs_only_a_repeat(server, tmp_path):
    # the cache variable pointing at a file used to end in a traceback (exit 70)
    _, url = server
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    client = HttpClient("Svc", url, cache=blocker / "remote", backoff=0)
    assert json.loads(client.get("x"))["n"] == 1
    assert json.loads(client.get("x"))["n"] == 2
