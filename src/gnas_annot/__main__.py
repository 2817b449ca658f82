"""``python -m gnas_annot``: the ``gnas-annot`` command."""

import sys

from gnas_annot.cli.app import main

sys.exit(main())
