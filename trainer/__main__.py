"""`python -m trainer`: fit the UNet from the generators' stream (see `--help`)."""

import sys

from trainer.train import main

sys.exit(main())
