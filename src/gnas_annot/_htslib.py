"""What htslib says on stderr, caught instead of silenced, and stale indexes.

htslib reports problems as ``[W::...]``/``[E::...]`` lines on file
descriptor 2.  Setting its verbosity to 0 hid warnings that mattered (an
index older than its data, which loses records), so we never do that.
Instead a call that may talk is wrapped in :func:`htslib_messages`: the lines
are caught, the caller drops the few it acts on itself (for example "Could
not retrieve index file" when it has already decided how to read an
unindexed file), and everything else goes to stderr unchanged.  When the call
fails, the caller raises one clear error instead and may quote the lines.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

#: htslib lines that only say an unindexed file has no index; we check that ourselves
NO_INDEX = ("Could not retrieve index file", "Could not load local index file")
#: htslib's warning about a stale index; we check the dates ourselves first
STALE = ("The index file is older than the data file",)


class Messages(list[str]):
    """htslib's lines from one call (filled when the ``with`` block ends)."""

    def summary(self) -> str:
        """The last error line without its ``[E::function]`` tag ('' if none)."""
        for line in reversed(self):
            if line.startswith("[E::") and "]" in line:
                return line.split("]", 1)[1].strip()
        return ""

    def emit(self, expected: Callable[[str], bool] = lambda _: False) -> None:
        """Write the lines ``expected`` does not claim to stderr, as htslib would have."""
        shown = [line for line in self if not expected(line)]
        if shown:
            with suppress(OSError, ValueError):
                print("\n".join(shown), file=sys.stderr, flush=True)


@contextmanager
def htslib_messages(expected: Callable[[str], bool] = lambda _: False) -> Iterator[Messages]:
    """Catch what is written on fd 2 during the block.

    On normal exit the lines ``expected`` does not claim are written to
    ``sys.stderr`` as they were; on an exception they are kept for the caller's
    message only (one line from us replaces htslib's chatter).
    """
    caught = Messages()
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no stderr at all: nothing to catch
        yield caught
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        failed = True
        try:
            yield caught
            failed = False
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            caught.extend(sink.read().decode("utf-8", errors="replace").splitlines())
            if not failed:
                caught.emit(expected)


class Catcher:
    """:func:`htslib_messages` for many calls in a row (the records of one fetch):
    one sink file for all of them, fd 2 redirected to it around each call or batch of
    calls only, so what Python writes between them is not caught.  Creating a
    temporary file per record cost more than reading it; redirecting fd 2 per record
    (five system calls) cost a fifth of reading a sites-only record, so a reader takes
    a batch of records inside one :meth:`start`/:meth:`release` and tells each
    record's lines apart by :meth:`mark` (one ``lseek``)."""

    def __init__(self) -> None:
        self._sink: IO[bytes] | None = None
        self._saved = -1
        self._read = 0

    def start(self) -> None:
        """Catch fd 2 from now until :meth:`stop` (or :meth:`release`)."""
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):  # no stderr at all: nothing to catch
            return
        if self._sink is None:
            self._sink = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._saved = saved
        os.dup2(self._sink.fileno(), 2)

    def release(self) -> None:
        """Give fd 2 back, leaving what was caught in the sink (see :meth:`between`)."""
        if self._saved < 0:
            return
        os.dup2(self._saved, 2)
        os.close(self._saved)
        self._saved = -1

    def stop(self) -> Messages:
        """Give fd 2 back; the lines written since the last :meth:`stop`."""
        if self._saved < 0 or self._sink is None:
            return Messages()
        self.release()
        size = self.mark()
        caught = self.between(self._read, size)
        self._read = size
        return caught

    def mark(self) -> int:
        """How many bytes have been caught so far.  fd 2 and the sink share one file
        offset (``dup2``), which every write moves to its end."""
        if self._sink is None:
            return 0
        return os.lseek(self._sink.fileno(), 0, os.SEEK_CUR)

    def marker(self) -> Callable[[], int]:
        """:meth:`mark` as one C-level call (the sink's offset, ``lseek`` on its file
        descriptor), for a reader that marks after every record; valid until
        :meth:`close`."""
        if self._sink is None:
            return self.mark
        return functools.partial(os.lseek, self._sink.fileno(), 0, os.SEEK_CUR)

    def between(self, start: int, end: int) -> Messages:
        """The lines caught from byte ``start`` to byte ``end`` (two marks)."""
        caught = Messages()
        if end > start and self._sink is not None:
            data = os.pread(self._sink.fileno(), end - start, start)
            caught.extend(data.decode("utf-8", errors="replace").splitlines())
        return caught

    def close(self) -> None:
        self.release()
        if self._sink is not None:
            self._sink.close()
            self._sink = None


def claims(*fragments: str) -> Callable[[str], bool]:
    """An ``expected`` predicate for lines containing any of ``fragments``."""
    return lambda line: any(f in line for f in fragments)


def stale_index(data: Path, indexes: Iterable[Path]) -> Path | None:
    """The first existing file of ``indexes`` older than ``data`` (htslib's own
    test, but to the nanosecond: data rewritten in the same second as its old
    index is stale too)."""
    try:
        data_time = data.stat().st_mtime_ns
    except OSError:
        return None
    for index in indexes:
        try:
            if index.is_file() and index.stat().st_mtime_ns < data_time:
                return index
        except OSError:
            continue
    return None
