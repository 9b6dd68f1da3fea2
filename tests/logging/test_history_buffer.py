from __future__ import annotations

import math
import pickle

import pytest
import torch

from mmcompat.logging import HistoryBuffer

VALUES = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0]


def _filled(as_tensor: bool, **kwargs) -> HistoryBuffer:
    buffer = HistoryBuffer(**kwargs)
    for value in VALUES:
        buffer.update(torch.tensor(value) if as_tensor else value)
    return buffer


@pytest.mark.parametrize("as_tensor", [False, True])
@pytest.mark.parametrize("window", [None, 1, 3, 7, 100])
def test_window_statistics_match_the_newest_values(as_tensor, window):
    buffer = _filled(as_tensor)
    expected = VALUES if window is None else VALUES[-window:]
    assert buffer.mean(window) == pytest.approx(
        sum(expected) / len(expected), abs=1e-12
    )
    assert buffer.min(window) == pytest.approx(min(expected), abs=1e-12)
    assert buffer.max(window) == pytest.approx(max(expected), abs=1e-12)
    assert buffer.current() == pytest.approx(VALUES[-1], abs=1e-12)


@pytest.mark.parametrize("as_tensor", [False, True])
def test_statistics_return_python_numbers(as_tensor):
    buffer = _filled(as_tensor)
    for value in (buffer.mean(3), buffer.min(), buffer.max(2), buffer.current()):
        assert type(value) in (int, float)


def test_mean_divides_the_value_sum_by_the_count_sum():
    buffer = HistoryBuffer()
    buffer.update(6.0, count=3)
    buffer.update(torch.tensor(2.0), count=1)
    assert buffer.mean() == pytest.approx(8.0 / 4, abs=1e-12)
    assert buffer.mean(1) == pytest.approx(2.0, abs=1e-12)


def test_window_size_zero_means_whole_history_as_mmengine():
    buffer = _filled(False)
    assert buffer.mean(0) == pytest.approx(sum(VALUES) / len(VALUES), abs=1e-12)


def test_mixed_tensor_and_float_history_keeps_order():
    buffer = HistoryBuffer()
    for i, value in enumerate(VALUES):
        buffer.update(torch.tensor(value) if i % 2 else value)
    values, counts = buffer.data
    assert values.tolist() == VALUES
    assert counts.tolist() == [1] * len(VALUES)


def test_tensor_values_are_stored_detached():
    weight = torch.tensor(2.0, requires_grad=True)
    buffer = HistoryBuffer()
    buffer.update(weight * 3)
    (stored,) = list(buffer._loose)
    assert not stored.requires_grad
    assert buffer.current() == pytest.approx(6.0, abs=1e-12)


def test_one_element_tensor_of_any_shape_is_accepted():
    buffer = HistoryBuffer()
    buffer.update(torch.tensor([[4.0]]))
    assert buffer.current() == pytest.approx(4.0, abs=1e-12)


def test_multi_element_tensor_is_rejected():
    with pytest.raises(ValueError, match="one-element tensor"):
        HistoryBuffer().update(torch.ones(2))


def test_non_numeric_value_is_rejected():
    with pytest.raises(TypeError, match="log_val"):
        HistoryBuffer().update("1.0")


def test_length_is_bounded_by_max_length_for_floats():
    buffer = HistoryBuffer(max_length=1000)
    for i in range(100_000):
        buffer.update(float(i))
    values, counts = buffer.data
    assert len(values) == 1000 and len(counts) == 1000
    assert values[0] == 99_000.0 and values[-1] == 99_999.0


def test_length_is_bounded_by_max_length_for_unread_tensors():
    buffer = HistoryBuffer(max_length=300)
    expected = []
    for i in range(2000):
        buffer.update(torch.tensor(float(i)))
        expected.append(float(i))
        if i % 7 == 0:
            buffer.update(float(i) + 0.5, count=2)
            expected.append(float(i) + 0.5)
    values, counts = buffer.data
    assert values.tolist() == expected[-300:]
    assert counts.tolist() == [2 if v % 1 else 1 for v in expected[-300:]]


def test_unread_tensors_are_stacked_not_kept_one_by_one():
    buffer = HistoryBuffer()
    for i in range(10 * HistoryBuffer._COMPACT_EVERY):
        buffer.update(torch.tensor(float(i)))
    # 2560 entries are held by ~10 stacked tensors, not 2560 tensors.
    assert len(buffer._stacked) + len(buffer._loose) <= 11
    assert buffer.mean() == pytest.approx(sum(range(2560)) / 2560, abs=1e-9)


def test_constructor_history_longer_than_max_length_keeps_newest():
    with pytest.warns(UserWarning, match="max_length"):
        buffer = HistoryBuffer([1, 2, 3, 4], [1, 1, 1, 1], max_length=2)
    assert buffer.data[0].tolist() == [3, 4]


def test_empty_buffer_statistics():
    buffer = HistoryBuffer()
    assert math.isnan(buffer.mean())
    with pytest.raises(ValueError, match="empty"):
        buffer.current()
    with pytest.raises(ValueError, match="empty"):
        buffer.max()


def test_registered_statistic_is_callable_by_name():
    def last_two_sum(self, scale=1):
        values, _ = self.data
        return float(values[-2:].sum()) * scale

    HistoryBuffer.register_statistics(last_two_sum)
    try:
        buffer = _filled(True)
        assert buffer.statistics("last_two_sum", 2) == pytest.approx(22.0, abs=1e-12)
        assert buffer.statistics("mean", 2) == pytest.approx(5.5, abs=1e-12)
        with pytest.raises(KeyError, match="already registered"):
            HistoryBuffer.register_statistics(last_two_sum)
    finally:
        HistoryBuffer._statistics_methods.pop("last_two_sum")


def test_unknown_statistic_names_the_method():
    with pytest.raises(KeyError, match="median"):
        HistoryBuffer().statistics("median")


def test_state_dict_round_trip_converts_tensors_to_floats():
    buffer = _filled(True, max_length=5)
    state = buffer.state_dict()
    assert state["log_history"].dtype == torch.float64
    assert state["log_history"].tolist() == VALUES[-5:]
    restored = HistoryBuffer.from_state_dict(state)
    assert restored.max_length == 5
    assert restored.data[0].tolist() == VALUES[-5:]
    assert all(type(v) is float for v in restored._values)


def test_state_dict_keeps_ints_and_floats_exact():
    ints = HistoryBuffer()
    for value in (3, -7, 2**40):
        ints.update(value, 2)
    state = ints.state_dict()
    assert state["log_history"].dtype == torch.int64
    restored = HistoryBuffer.from_state_dict(state)
    assert list(restored._values) == [3, -7, 2**40]
    assert all(type(v) is int for v in restored._values)
    assert list(restored._counts) == [2, 2, 2]
    floats = HistoryBuffer()
    values = [0.1, 1 / 3, 1e-300, 2.0**-1074, float("inf")]
    for value in values:
        floats.update(value, 0.5)
    restored = HistoryBuffer.from_state_dict(floats.state_dict())
    assert list(restored._values) == values  # bit-exact: python floats are float64
    assert list(restored._counts) == [0.5] * 5
    assert restored.current() == float("inf")


def test_state_dict_of_an_empty_buffer_round_trips():
    restored = HistoryBuffer.from_state_dict(HistoryBuffer(max_length=3).state_dict())
    assert len(restored._counts) == 0 and restored.max_length == 3


def test_list_state_of_earlier_checkpoints_still_loads():
    state = {"log_history": [1.0, 2, 3.5], "count_history": [1, 1, 2], "max_length": 9}
    restored = HistoryBuffer.from_state_dict(state)
    assert list(restored._values) == [1.0, 2, 3.5]
    assert restored.mean() == pytest.approx(6.5 / 4)


def test_pickle_round_trip():
    buffer = _filled(True)
    restored = pickle.loads(pickle.dumps(buffer))
    assert restored.mean(3) == pytest.approx(buffer.mean(3), abs=1e-12)


def test_window_statistic_syncs_once(monkeypatch):
    buffer = HistoryBuffer()
    for value in VALUES:
        buffer.update(torch.tensor(value))
    calls = {"tolist": 0, "item": 0}
    real_tolist, real_item = torch.Tensor.tolist, torch.Tensor.item

    def counting_tolist(self):
        calls["tolist"] += 1
        return real_tolist(self)

    def counting_item(self):
        calls["item"] += 1
        return real_item(self)

    monkeypatch.setattr(torch.Tensor, "tolist", counting_tolist)
    monkeypatch.setattr(torch.Tensor, "item", counting_item)
    buffer.mean(3)
    buffer.max(5)
    buffer.current()
    assert calls == {"tolist": 1, "item": 0}


def test_numpy_history_and_values_become_python_numbers():
    import numpy as np

    buffer = HistoryBuffer(np.array([1.0, 2.0]), np.array([1, 1]))
    buffer.update(np.float32(4.0))
    buffer.update(np.array([8]))
    assert buffer.data[0].tolist() == [1.0, 2.0, 4.0, 8]
    assert type(buffer.current()) is int and buffer.mean() == pytest.approx(
        3.75, abs=1e-12
    )
