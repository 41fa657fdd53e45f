"""`python -m evaluate.cutout`: see `evaluate.cutout.cli`."""

import sys

from evaluate.cutout.cli import main

sys.exit(main())
