"""`python -m evaluate`: see `evaluate.cli`."""

import faulthandler

from evaluate.synthetic import stop_generators
from trainer.stopping import leave, leave_on_stop_signal

faulthandler.enable()  # a crash in native code (TensorFlow, ZeroMQ, Matplotlib) prints each thread's stack
# SIGTERM (honcho, kill) or Ctrl-C ends it at once wherever it lands: in TensorFlow's import, a render of the
# synthetic set (whose generator is told to stop first) or an evaluation. It only reads checkpoints; what it writes
# of an evaluation a stop cuts short is written again, as a restarted watcher evaluates that checkpoint anew.
leave_on_stop_signal("stopped", before=stop_generators)
from evaluate.cli import main  # noqa: E402 (the handlers first: this import takes seconds)

leave(main())
