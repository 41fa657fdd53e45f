"""`python -m protocol keys DIR`: write CURVE key pairs for cross-host streaming."""

from __future__ import annotations

import argparse
import sys

from protocol.curve import AUTHORIZED, GENERATOR, TRAINER, create_keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m protocol", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    keys = commands.add_parser("keys", help="write a trainer and a generator CURVE key pair into DIR")
    keys.add_argument("dir", help="folder to write the keys into (created if missing)")
    args = parser.parse_args(argv)
    folder = create_keys(args.dir)
    print(f"wrote CURVE keys to {folder}/\n"
          f"  trainer host:    --curve-keys {folder}  (uses {TRAINER}.key_secret and {AUTHORIZED}/)\n"
          f"  generator hosts: copy {GENERATOR}.key, {GENERATOR}.key_secret and {TRAINER}.key, "
          f"then --curve-keys DIR\n"
          f"  keep *.key_secret private; authorise more generator key pairs by adding their public "
          f".key files to {AUTHORIZED}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
