"""The most units seen in any rolling window, over recorded arrival times."""
from collections import deque


def max_in_window(arrivals, window, units=lambda a: 1):
    """arrivals sorted by time; counts those in (t - window, t] for every arrival t."""
    best, total, inside = 0, 0, deque()
    for arrival in arrivals:
        inside.append(arrival)
        total += units(arrival)
        while inside and inside[0]["t"] <= arrival["t"] - window:
            total -= units(inside.popleft())
        best = max(best, total)
    return best
