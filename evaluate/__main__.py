"""`python -m evaluate`: see `evaluate.cli`."""

import logging

from trainer.stopping import interrupt_once_on_stop_signal, leave

# SIGTERM (honcho, kill) stops it as Ctrl-C does, wherever it lands: in TensorFlow's import, a render of the
# synthetic set (whose generator the clean-up terminates) or an evaluation. It only reads checkpoints.
interrupt_once_on_stop_signal()
try:
    from evaluate.cli import main

    code = main()
except KeyboardInterrupt:
    logging.getLogger("evaluate").info("stopped")
    code = 0
leave(code)
