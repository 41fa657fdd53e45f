"""`python -m evaluate.cutout`: cut-outs of your own photos with a trained checkpoint (see `cli.py`)."""
