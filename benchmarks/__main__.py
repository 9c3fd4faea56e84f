"""Run every benchmark: ``python -m benchmarks``. Figures are ratios to a baseline measured in
the same run, because absolute times on shared machines mean little."""

from __future__ import annotations

import argparse

from benchmarks import bench_latency, bench_loading, bench_startup, bench_store


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    args = parser.parse_args()
    bench_loading.run(questions=1_000 if args.quick else 10_000, repeats=3 if args.quick else 5)
    bench_startup.run(repeats=2 if args.quick else 9, banks=50 if args.quick else 500)
    bench_latency.run(answers=20 if args.quick else 60)
    bench_store.run(*((1_000, 10_000) if args.quick else (10_000, 100_000)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
