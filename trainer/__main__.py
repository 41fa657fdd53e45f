"""`python -m trainer`: fit the UNet from the generators' stream (see `--help`)."""

import logging
import os
import signal
import sys

# Until training installs its own handlers, a stop request is a clean exit: during TensorFlow's slow import, or in
# the moment between the import and the model load (an uncaught KeyboardInterrupt there ended the process by
# SIGINT, exit status -2).
signal.signal(signal.SIGTERM, signal.default_int_handler)
try:
    from trainer.quiet import import_tensorflow

    import_tensorflow()  # before trainer.train imports Keras, which would import it with its C++ start-up notes
    from trainer.train import main

    code = main()
except KeyboardInterrupt:
    code = 0
# Everything is saved and closed by now. Finalising TensorFlow's iterator over the Python stream can hold the
# interpreter's shutdown for seconds, long enough for honcho to SIGKILL us, so leave without running finalisers.
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
