"""The evaluator: `python -m trainer.evaluate` (see `cli.py`). Light: imports neither TensorFlow nor bpy."""
