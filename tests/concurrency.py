"""Running requests at the same moment, from threads, to prove counters and limits hold."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], timeout: float = 60) -> list[T]:
    """Run every call in its own thread, all released together; their results, in order.
    A call that raised re-raises here, so a 5xx or a crash in a thread fails the test."""
    barrier = threading.Barrier(len(calls))
    results: list[T | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(i, call), daemon=True) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    assert all(not thread.is_alive() for thread in threads), "a request did not finish"
    return results  # type: ignore[return-value]
