"""`python -m trainer.board`: TensorBoard over the run directory's logs (training curves, image grids, the
evaluator's metrics), on loopback unless told otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import configargparse

from trainer.config import DEFAULT_RUN_DIR
from trainer.quiet import import_tensorflow


def build_parser() -> configargparse.ArgumentParser:
    p = configargparse.ArgumentParser(prog="python -m trainer.board", description=__doc__,
                                      formatter_class=configargparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--run-dir", env_var="RUN_DIR", default=DEFAULT_RUN_DIR,
                   help="run whose logs/ folder TensorBoard shows")
    p.add_argument("--port", env_var="TENSORBOARD_PORT", type=int, default=6006,
                   help="port to serve on (0: any free port, printed at start)")
    p.add_argument("--host", env_var="TENSORBOARD_HOST", default="localhost",
                   help="address to serve on; 0.0.0.0 exposes it to the network")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import_tensorflow()  # late, as --help does not need it, and before TensorBoard would import it noisily
    from tensorboard import program

    logs = Path(args.run_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    board = program.TensorBoard()
    board.configure(argv=["tensorboard", "--logdir", str(logs), "--port", str(args.port), "--host", args.host,
                          "--reload_interval", "15", "--load_fast", "false"])
    return board.main() or 0


if __name__ == "__main__":
    sys.exit(main())
