"""The one timing helper every benchmark uses."""

import statistics
import time


def median_seconds(fn, repeat: int, number: int = 1) -> float:
    """Median wall time of ``fn()`` over ``repeat`` rounds of ``number`` calls. [s]"""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)
