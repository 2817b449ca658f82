"""``python -m gnas_annot``: the ``gnas-annot`` command."""

import sys

from gnas_annot.cli.app import main

if __name__ == "__main__":  # not when a spawned worker process imports it again
    sys.exit(main())
