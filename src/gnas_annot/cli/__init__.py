"""The ``gnas-annot`` command: one module per subcommand."""

from gnas_annot.cli.app import main

__all__ = ["main"]
