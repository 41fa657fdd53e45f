"""`python -m trainer`: fit the UNet from the generators' stream (see `--help`)."""

import signal
import sys

# Until training installs its own handlers, a stop request during TensorFlow's slow import is a clean exit.
signal.signal(signal.SIGTERM, signal.default_int_handler)
try:
    from trainer.train import main
except KeyboardInterrupt:
    sys.exit(0)

sys.exit(main())
