"""One careful HTTP GET for every opt-in remote look-up.

A slow or hostile server must not hold a clinical pipeline: each request has
a connect and a read timeout, the whole call (retries included) a total
deadline, and the answer a size cap, read as it arrives.  Answers are cached
on disk for a limited time (``max_age``), so a one-off warning from a service
does not stick forever; ``refresh`` ignores the cache.  An answer that fails
``validate`` or that ``cacheable`` rejects is never cached.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from gnas_annot.errors import GnasAnnotError, RemoteDataError, RemoteUnavailableError
from gnas_annot.seq.reference import cache_dir

TIMEOUT = (10.0, 30.0)  # connect, read between two packets (seconds)
#: the whole call, retries and backoff included
DEADLINE = 120.0
#: the largest answer read; our answers are a few kB to ~200 kB (the locus FASTA)
MAX_BYTES = 16 << 20
#: cached answers older than this are asked again
MAX_AGE = 7 * 24 * 3600.0
_CHUNK = 1 << 16


class HttpClient:
    """GET with retries (429/5xx, exponential backoff), timeouts, a total
    deadline, a size cap and an expiring disk cache.

    ``validate(text)`` must raise for an answer that is not usable; such an
    answer is never cached.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        cache: Path | None = None,
        refresh: bool = False,
        backoff: float = 1.0,
        retries: int = 4,
        *,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_BYTES,
        max_age: float = MAX_AGE,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/") + "/"
        self.cache = cache or cache_dir() / "remote"
        self.refresh = refresh
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            connect=retries,
            read=0,  # a server that stopped answering is not asked again
            status=retries,
            backoff_factor=backoff,
            backoff_max=10.0,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
            respect_retry_after_header=False,  # a Retry-After of hours must not hold us
        )
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers["User-Agent"] = "gnas_annot"

    def get(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        validate: Callable[[str], object] | None = None,
        cache_ignore: tuple[str, ...] = (),
        cacheable: Callable[[str], bool] | None = None,
    ) -> str:
        params = dict(params or {})
        identity = (
            path
            + "?"
            + "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in cache_ignore)
        )
        digest = hashlib.sha256((self.base_url + identity).encode()).hexdigest()[:32]
        cached = self.cache / f"{digest}.txt"
        if not self.refresh and self._fresh(cached):
            try:
                return cached.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                pass  # unreadable cache entry: ask again
        url = self.base_url + path
        text = self._fetch_within_deadline(url, params, dict(headers or {}))
        if validate is not None:
            validate(text)
        if cacheable is None or cacheable(text):
            self._store(cached, text)
        return text

    def _fresh(self, cached: Path) -> bool:
        try:
            return time.time() - cached.stat().st_mtime < self.max_age
        except OSError:
            return False

    def _store(self, cached: Path, text: str) -> None:
        """Cache the answer; a cache that cannot be written (the cache variable
        naming a file, a read-only home) only costs a repeated request."""
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{threading.get_ident()}.part")
            tmp.write_text(text, "utf-8")
            tmp.replace(cached)
        except OSError:
            return

    def _fetch_within_deadline(
        self, url: str, params: dict[str, str], headers: dict[str, str]
    ) -> str:
        """Run the request in a daemon thread and stop waiting at the deadline,
        whatever the server does (silent, one byte at a time, endless retries)."""
        outcome: list[str | BaseException] = []
        start = time.monotonic()
        worker = threading.Thread(
            target=self._fetch_into,
            args=(url, params, headers, start + self.deadline, outcome),
            daemon=True,
        )
        worker.start()
        worker.join(self.deadline + 1.0)
        if not outcome:
            raise RemoteUnavailableError(
                f"{self.service} did not answer within {self.deadline:.0f} s ({url}); "
                "gnas_annot works offline without it; remote look-ups are optional"
            )
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _fetch_into(
        self,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        deadline: float,
        outcome: list[str | BaseException],
    ) -> None:
        try:
            outcome.append(self._fetch(url, params, headers, deadline))
        except (GnasAnnotError, requests.RequestException, OSError, ValueError) as exc:
            outcome.append(_unavailable(self.service, url, exc))

    def _fetch(
        self, url: str, params: dict[str, str], headers: dict[str, str], deadline: float
    ) -> str:
        with self.session.get(
            url, params=params, headers=headers, timeout=self.timeout, stream=True
        ) as response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise self._too_large(url)
            body = bytearray()
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                body += chunk
                if len(body) > self.max_bytes:
                    raise self._too_large(url)
                if time.monotonic() > deadline:
                    raise RemoteUnavailableError(
                        f"{self.service} sent its answer too slowly: stopped after "
                        f"{self.deadline:.0f} s with {len(body):,} bytes ({url})"
                    )
            return body.decode(response.encoding or "utf-8", errors="replace")

    def _too_large(self, url: str) -> RemoteDataError:
        return RemoteDataError(
            f"{self.service} answered with more than {self.max_bytes >> 20} MB ({url}); "
            "refused (our answers are a few kB)"
        )


def _unavailable(service: str, url: str, exc: BaseException) -> BaseException:
    if isinstance(exc, GnasAnnotError):
        return exc
    return RemoteUnavailableError(
        f"{service} could not be reached ({url}): {type(exc).__name__}: "
        f"{str(exc).splitlines()[0] if str(exc) else ''}. gnas_annot works offline without it; "
        "remote look-ups are optional"
    )
