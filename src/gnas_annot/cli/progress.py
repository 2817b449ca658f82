"""Progress on stderr for long runs, at the verbosity asked for.

``-q``: nothing.  Default: a counter redrawn in place, only on a terminal
(logs stay clean).  ``-v``: also in logs, one line every few seconds.
``-vv``: also one line per GNAS allele as it is read.  While a streaming scan
crosses the rest of the genome no GNAS allele comes for a long time, so the
counter also says how much input has been read.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: seconds between redraws (terminal) and between log lines (-v)
TTY_INTERVAL = 0.5
LOG_INTERVAL = 5.0


def add_verbosity_options(parser: object) -> None:
    """-q and -v/-vv, mutually exclusive (``args.quiet``, ``args.verbose``)."""
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="-v: progress also when stderr is not a terminal; -vv: also each GNAS allele",
    )


class Progress:
    """Counts items and reports them (with the input read so far) in the background."""

    def __init__(
        self,
        label: str,
        *,
        quiet: bool,
        verbose: int,
        bytes_read: Callable[[], int | None],
        tty: bool | None = None,
        unit: str = "alleles",
    ) -> None:
        self.label = label
        self.unit = unit
        self.count = 0
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.show = not quiet and (self.tty or verbose >= 1)
        self.verbose = 0 if quiet else verbose
        self._bytes_read = bytes_read
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def line(self) -> str:
        read = self._bytes_read()
        mb = f"; {read / 1e6:,.1f} MB of input read" if read is not None else ""
        return f"{self.label}: {self.count} GNAS {self.unit}{mb}"

    def _report(self) -> None:
        interval = TTY_INTERVAL if self.tty else LOG_INTERVAL
        while not self._stop.wait(interval):
            if self.tty:
                print(f"\r{self.line()}", end="", file=sys.stderr, flush=True)
            else:
                print(self.line(), file=sys.stderr, flush=True)

    def wrap(self, items: Iterable[T], describe: Callable[[T], str] | None = None) -> Iterator[T]:
        if self.show:
            self._thread = threading.Thread(target=self._report, daemon=True)
            self._thread.start()
        try:
            if self.verbose >= 2 and describe is not None:
                for item in items:
                    self.count += 1
                    print(f"{self.label}: {describe(item)}", file=sys.stderr, flush=True)
                    yield item
            else:  # once per allele: nothing but the count
                for item in items:
                    self.count += 1
                    yield item
        finally:
            self.close()

    def close(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
            if self.tty:
                print("\r\033[K", end="", file=sys.stderr, flush=True)  # clear the counter
