"""Transport throughput: encode -> PUSH -> PULL -> decode on loopback between two processes, 64x64 pairs.

Prints pairs/s and MB/s for each pairs-per-message setting, and the ratio against raw send/recv of the same
bytes (no msgpack encode/decode) measured in the same run. Target: >= 40,000 pairs/s.

    .venv/bin/python -m benchmarks.protocol_bench [--seconds 3] [--pairs-per-message 1 4 8]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time

import numpy as np

import protocol

EPHEMERAL = "tcp://127.0.0.1:*"


def _sample(pairs: int, seq: int) -> protocol.Sample:
    rng = np.random.default_rng(seq)
    return protocol.Sample(
        generator="bench", seq=seq, seed=1, params={"index": seq, "camera": {"azimuth": 0.5, "distance": 3.0}},
        pairs=[protocol.Pair(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8),
                             rng.integers(0, 256, (64, 64), dtype=np.uint8),
                             {"background": {"family": "noise", "seed": i}}) for i in range(pairs)])


def _produce(address: str, pairs: int, seconds: float, raw: bool) -> None:
    """Push messages for `seconds`: freshly encoded ones, or (raw) the same pre-encoded bytes."""
    push = protocol.connect_push(address)
    samples = [_sample(pairs, seq) for seq in range(16)]
    encoded = [protocol.encode(s) for s in samples]
    deadline = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < deadline:
        data = encoded[index % 16] if raw else protocol.encode(samples[index % 16])
        protocol.send(push, data)
        index += 1
    protocol.send(push, b"")  # end marker
    push.close()


def measure(pairs: int, seconds: float, raw: bool) -> tuple[float, float]:
    """(pairs/s, MB/s) received by this process from a producer process."""
    pull = protocol.bind_pull(EPHEMERAL)
    producer = mp.get_context("spawn").Process(target=_produce, args=(protocol.endpoint(pull), pairs, seconds, raw))
    producer.start()
    received_pairs = received_bytes = 0
    started = None
    while True:
        data = protocol.recv(pull, 30_000)
        if not data:
            break
        if started is None:
            started = time.perf_counter()
            continue
        received_bytes += len(data)
        received_pairs += pairs if raw else len(protocol.decode(data).pairs)
    elapsed = time.perf_counter() - (started or time.perf_counter())
    producer.join()
    pull.close()
    return received_pairs / elapsed, received_bytes / elapsed / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--pairs-per-message", type=int, nargs="+", default=[1, 4, 8])
    args = parser.parse_args()
    print(f"{'pairs/msg':>9} {'protocol pairs/s':>17} {'MB/s':>7} {'raw pairs/s':>12} {'MB/s':>7} {'ratio':>6}")
    for pairs in args.pairs_per_message:
        rate, mbps = measure(pairs, args.seconds, raw=False)
        raw_rate, raw_mbps = measure(pairs, args.seconds, raw=True)
        print(f"{pairs:>9} {rate:>17,.0f} {mbps:>7.1f} {raw_rate:>12,.0f} {raw_mbps:>7.1f} {rate / raw_rate:>6.2f}")


if __name__ == "__main__":
    main()
