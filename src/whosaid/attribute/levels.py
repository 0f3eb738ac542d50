"""How a probability becomes features of a linear model: in buckets, or smoothly.

A probability read as one bucket ("3" of ten) gives a model a weight per bucket, and
a candidate's score jumps by the difference of two weights where the probability
crosses a bucket's edge: a decision near its threshold can turn on a few hundredths
of one tagger's output. Read smoothly, the probability is shared between the centres
of its two nearest buckets, the shares summing to 1 (a piecewise-linear "tent"
encoding), so the score moves continuously between the bucket weights and equals a
bucket's weight at its centre. Below the first centre and above the last the whole
probability goes to the end bucket, as in the step reading.

A feature is a string (worth 1) or a ``(string, value)`` pair; ``LinearModel`` sums
``weight x value`` and training fits the same values. A share of 1 stays a string.
"""

from __future__ import annotations


def shares(value: float, count: int, smooth: bool) -> list[tuple[str, float]]:
    """The buckets ("0" ... ``count - 1``) a probability ``value`` is read as, with their
    shares: one bucket with share 1 in steps, at most two neighbours when ``smooth``."""
    if not smooth:
        return [(str(min(max(int(value * count), 0), count - 1)), 1.0)]
    position = value * count - 0.5  # 0 at the first bucket's centre, count - 1 at the last's
    if position <= 0.0:
        return [("0", 1.0)]
    if position >= count - 1:
        return [(str(count - 1), 1.0)]
    low = int(position)
    upper = position - low
    if upper == 0.0:
        return [(str(low), 1.0)]
    return [(str(low), 1.0 - upper), (str(low + 1), upper)]


def feature(name: str, share: float):
    """``name`` worth ``share``: the string itself when it is worth 1."""
    return name if share == 1.0 else (name, share)


def levelled(value: float, count: int, smooth: bool, *names: tuple[str, str]) -> list:
    """For each ``(before, after)`` in ``names``, the features ``before + bucket + after`` of
    ``value`` (``shares``), name by name."""
    parts = shares(value, count, smooth)
    return [feature(before + bucket + after, share) for before, after in names for bucket, share in parts]
