"""The comparison the golden tests use: within N ulps, and able to fail."""

from __future__ import annotations

import math

import pytest
import torch

from tests.golden import (
    ULPS,
    assert_printed_numbers_close,
    assert_within_ulps,
    ulp_distance,
)


def _steps(values: torch.Tensor, n: int) -> torch.Tensor:
    """``values`` moved ``n`` representable numbers up."""
    for _ in range(n):
        values = torch.nextafter(values, torch.full_like(values, math.inf))
    return values


RECORDED = torch.tensor([0.3, -1.7, 1e-3, 12345.678, 0.0], dtype=torch.float32)


@pytest.mark.parametrize("value", RECORDED.tolist())
def test_distance_counts_steps_of_the_last_bit(value):
    recorded = torch.tensor([value])
    assert ulp_distance(_steps(recorded, 3), recorded).item() == pytest.approx(
        3, abs=0.01
    )
    assert ulp_distance(recorded, recorded).item() == 0


def test_a_few_ulps_pass():
    assert_within_ulps(_steps(RECORDED, ULPS), RECORDED.tolist(), key="w")


def test_a_100_ulp_perturbation_fails_naming_the_key_and_the_distance():
    perturbed = RECORDED.clone()
    perturbed[3:4] = _steps(RECORDED[3:4], 100)
    with pytest.raises(AssertionError) as info:
        assert_within_ulps(perturbed, RECORDED.tolist(), key="fc1.weight")
    message = str(info.value)
    assert message.startswith("fc1.weight: 1 of 5 values differ by more than 4 ulps")
    assert "worst at index 3" in message and "100 ulps apart" in message


def test_small_elements_are_measured_at_the_magnitude_of_the_tensor():
    # the error a computation leaves in an element near zero is that of
    # its operands, which are of the size of the tensor's large elements
    ulp_of_one = torch.finfo(torch.float32).eps
    recorded = torch.tensor([1.0, 1e-3])
    assert_within_ulps(recorded + torch.tensor([0, ulp_of_one]), recorded)
    with pytest.raises(AssertionError, match="index 1: .* 100 ulps apart"):
        assert_within_ulps(recorded + torch.tensor([0, 100 * ulp_of_one]), recorded)


def test_python_floats_of_a_float32_computation_count_float32_ulps():
    loss = 0.8955000042915344  # a float32 value, recorded as a Python float
    nearby = _steps(torch.tensor(loss), 2).item()
    assert_within_ulps(nearby, loss, dtype=torch.float32)
    with pytest.raises(AssertionError, match="more than 4 ulps"):
        assert_within_ulps(nearby, loss)  # 2 float32 ulps are many float64 ulps


def test_sign_nan_and_length_are_not_forgiven():
    with pytest.raises(AssertionError):
        assert_within_ulps(torch.tensor([-1e-30]), [1e-30])
    with pytest.raises(AssertionError):
        assert_within_ulps(torch.tensor([math.nan]), [1.0])
    assert_within_ulps(torch.tensor([math.nan, math.inf]), [math.nan, math.inf])
    with pytest.raises(ValueError, match="3 values compared with 2"):
        assert_within_ulps(torch.zeros(3), [0.0, 0.0])


def test_printed_numbers_may_differ_in_their_last_digit_only():
    line = "Epoch(train) [1][2/3]  lr: 7.5000e-02  loss: 0.8955"
    assert_printed_numbers_close(line, line)
    assert_printed_numbers_close(line.replace("0.8955", "0.8956"), line)
    assert_printed_numbers_close(line.replace("7.5000e", "7.4999e"), line)
    for wrong in (
        line.replace("0.8955", "0.8957"),  # two units
        line.replace("0.8955", "0.89550"),  # another format
        line.replace("[2/3]", "[3/3]"),  # a counter
        line.replace("loss", "lost"),
    ):
        with pytest.raises(AssertionError):
            assert_printed_numbers_close(wrong, line, key="log")
