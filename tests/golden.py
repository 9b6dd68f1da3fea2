"""Comparing numbers computed here with numbers recorded on another machine.

The golden data in ``fixtures/golden`` was recorded with the real libraries
on one CPU. The same float32 program run on another CPU (AVX-512, AVX2, no
vector unit, another thread count) may round differently in the last bit: a
vectorised reduction adds in another order, a fused multiply-add rounds once
instead of twice. So a float computed by torch kernels here is compared with
a recorded one within a stated number of ulps (units in the last place of
the dtype, at the magnitude of the numbers compared), never bitwise.

Bitwise comparisons stay where both sides run in the same process (a resumed
run against an uninterrupted one, a fast path against the general one), and
where the recorded number cannot depend on the CPU: bytes read back from a
checkpoint file, integers, config literals, lr values computed in pure
Python float arithmetic.

Numbers the recording only kept as text (log lines printed to 4 significant
digits) are compared as text with each number allowed to differ by one unit
of its last printed digit: a value within a few ulps of a rounding boundary
prints either way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Union

import torch

# The default allowance: a few roundings' worth in the last place.
ULPS = 4

Numbers = Union[torch.Tensor, float, Sequence]


def ulp_distance(
    actual: Numbers, expected: Numbers, dtype: torch.dtype | None = None
) -> torch.Tensor:
    """Element-wise ``|actual - expected|`` in ulps of ``dtype``.

    The ulp is the spacing of ``dtype`` at the magnitude of the numbers
    compared: the largest absolute value among them (both sides). Rounding
    errors are proportional to the size of the operands, so an element near
    zero that came out of a cancellation carries the error of its larger
    neighbours; a scalar is measured at its own size. Equal numbers
    (infinities, both NaN) are 0 apart; a NaN against a number is infinitely
    far. ``dtype`` defaults to ``actual``'s if it is a floating point tensor,
    else float64 (pass ``torch.float32`` for a Python float that a float32
    computation produced).
    """
    if dtype is None:
        is_float_tensor = (
            isinstance(actual, torch.Tensor) and actual.is_floating_point()
        )
        dtype = actual.dtype if is_float_tensor else torch.float64
    a = torch.as_tensor(actual).detach().to("cpu", dtype).flatten()
    e = torch.as_tensor(expected).detach().to("cpu", dtype).flatten()
    if a.numel() != e.numel():
        raise ValueError(f"{a.numel()} values compared with {e.numel()}")
    finite = torch.cat([a, e]).abs().nan_to_num(nan=0.0, posinf=0.0)
    magnitude = finite.max() if finite.numel() else torch.zeros((), dtype=dtype)
    ulp = torch.nextafter(magnitude, torch.tensor(math.inf, dtype=dtype)) - magnitude
    distance = (a.double() - e.double()).abs() / ulp.double()
    same = (a == e) | (a.isnan() & e.isnan())
    distance = torch.where(distance.isnan(), math.inf, distance)
    return torch.where(same, 0.0, distance)


def assert_within_ulps(
    actual: Numbers,
    expected: Numbers,
    *,
    ulps: int = ULPS,
    dtype: torch.dtype | None = None,
    key: str = "value",
) -> None:
    """Assert every element of ``actual`` is within ``ulps`` ulps of ``expected``.

    Shapes are not compared (recordings store tensors flattened); the number
    of elements is. The message names ``key``, how many elements are off,
    and the worst one with its distance.
    """
    distance = ulp_distance(actual, expected, dtype)
    bad = distance > ulps
    if bool(bad.any()):
        worst = int(distance.argmax())
        got = torch.as_tensor(actual).flatten()[worst].item()
        want = torch.as_tensor(expected).flatten()[worst].item()
        unit = dtype or getattr(actual, "dtype", torch.float64)
        raise AssertionError(
            f"{key}: {int(bad.sum())} of {distance.numel()} values differ by more "
            f"than {ulps} ulps ({unit}); worst at index {worst}: got {got!r}, "
            f"expected {want!r}, {distance[worst].item():.4g} ulps apart"
        )


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _format(text: str) -> tuple[int, bool]:
    """Digits after the point, and whether there is an exponent."""
    mantissa, e, _ = text.lower().partition("e")
    return len(mantissa.partition(".")[2]), bool(e)


def _last_digit_unit(text: str) -> float:
    mantissa, _, exponent = text.lower().partition("e")
    return 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))


def assert_printed_numbers_close(actual: str, expected: str, *, key: str = "") -> None:
    """Assert two printed lines are equal except that each number in them may
    differ by one unit of its last printed digit.

    The text around the numbers, how each number is written (digits after
    the point, exponent or not) and integers (counters) must be identical.
    """
    if _NUMBER.sub("#", actual) != _NUMBER.sub("#", expected):
        raise AssertionError(
            f"{key}: lines differ\n  got:      {actual}\n  expected: {expected}"
        )
    for got, want in zip(_NUMBER.findall(actual), _NUMBER.findall(expected)):
        unit = max(_last_digit_unit(got), _last_digit_unit(want))
        same_format = _format(got) == _format(want)
        if _format(want) == (0, False):
            unit = 0.0  # an integer: a counter, never rounded
        if not same_format or abs(float(got) - float(want)) > unit * (1 + 1e-9):
            raise AssertionError(
                f"{key}: {got} is not the recorded {want} to within one unit of "
                f"its last digit ({unit:g})\n  got:      {actual}\n"
                f"  expected: {expected}"
            )
