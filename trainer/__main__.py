"""`python -m trainer`: fit the UNet from the generators' stream (see `--help`)."""

import faulthandler

from trainer.stopping import leave, leave_on_stop_signal

faulthandler.enable()  # a crash in native code (TensorFlow, ZeroMQ) prints each thread's Python stack
# Until training installs its own handlers (which finish the step and save) there is nothing to save: during
# TensorFlow's slow import and while the model loads, a stop request ends the process at once.
leave_on_stop_signal("before training began: exiting")
from trainer.quiet import import_tensorflow  # noqa: E402 (the handlers first: this import takes seconds)

import_tensorflow()  # before trainer.train imports Keras, which would import it with its C++ start-up notes
from trainer.train import main  # noqa: E402

leave(main())
