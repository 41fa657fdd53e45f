"""The evaluator: `python -m evaluate` (see `cli.py`). Light: imports neither TensorFlow nor bpy."""
