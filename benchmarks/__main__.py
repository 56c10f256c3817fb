"""Run the benchmarks: `python -m benchmarks` runs them all, or name some."""

from __future__ import annotations

import importlib
import platform
import sys

BENCHMARKS = ["dashboard", "pack", "images", "participant_pages", "reports", "page_weight"]


def main(names: list[str]) -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{name}")
        for line in module.run():
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
