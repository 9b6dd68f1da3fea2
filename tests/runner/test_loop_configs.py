"""train_cfg / val_cfg / test_cfg are loops or config dicts; anything else
is rejected when the runner is built, naming the argument."""

from __future__ import annotations

import pytest

from mmcompat.runner import Runner

from .helpers import runner_cfg


def test_a_train_cfg_that_is_neither_loop_nor_dict_is_rejected(tmp_path):
    with pytest.raises(TypeError, match=r"^train_cfg must be a loop or a dict, got 3$"):
        Runner(**runner_cfg(tmp_path, train_cfg=3))


def test_a_built_loop_is_used_as_it_is(tmp_path):
    first = Runner(**runner_cfg(tmp_path / "a"))
    loop = first.train_loop
    second = Runner(**runner_cfg(tmp_path / "b", train_cfg=loop))
    assert second.train_loop is loop
