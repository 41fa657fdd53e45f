"""`python -m generator`: see `generator.cli`."""

import os
import sys

# numpy's OpenBLAS threads spin in sched_yield after every small matrix product (the meshes' N x 3 @ 3 x 3),
# ~20 ms of a second core per frame; a generator is meant to use one core. Must come before numpy's import.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from generator.cli import main

sys.exit(main())
