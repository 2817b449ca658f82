"""Guards every command shares: standard streams that are closed, outputs
that are inputs, disk-full errors, and warnings printed as one line each."""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any, TextIO

from gnas_annot.errors import GnasAnnotError, GnasAnnotWarning, InputError, OutputError


def show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Our warnings as one line each (no source line, no module path)."""
    if issubclass(category, GnasAnnotWarning):
        print(f"gnas-annot: warning: {message}", file=sys.stderr)
    else:
        print(f"gnas-annot: warning: {category.__name__}: {message}", file=sys.stderr)


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the caller closed (``>&-``, ``<&-``):
    using it is a one-line error with an exit code, not an AttributeError."""

    def __init__(self, error: GnasAnnotError) -> None:
        super().__init__()
        self._error = error

    def write(self, text: str) -> int:
        raise self._error

    def read(self, size: int | None = -1) -> str:
        raise self._error

    def fileno(self) -> int:
        raise self._error

    @property
    def buffer(self) -> Any:
        raise self._error


def guard_standard_streams() -> None:
    if sys.stderr is None:
        # imported here: --version and --help need no pathlib (start-up, issue 15)
        from pathlib import Path

        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = ClosedStream(OutputError("standard output is closed; pass -o FILE"))
    if sys.stdin is None:
        sys.stdin = ClosedStream(InputError("standard input is closed; name an input file"))


#: errno values that mean the output cannot be written (disk full, quota, I/O error)
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def internal_error(exc: BaseException, debug: bool) -> int:
    """A bug: one line asking for a report (exit 70), the traceback with --debug."""
    if debug:
        raise exc
    print(
        f"gnas-annot: internal error: {type(exc).__name__}: {exc} "
        "(rerun with --debug and report it)",
        file=sys.stderr,
    )
    return 70
