import inspect

import pytest
import torch

from mmcompat.tables.torch_optimizers import TORCH_OPTIMIZER_ARGS


@pytest.mark.parametrize("name", sorted(TORCH_OPTIMIZER_ARGS))
def test_the_table_covers_the_installed_torch_signature(name):
    cls = getattr(torch.optim, name, None)
    if cls is None:
        pytest.skip(f"torch {torch.__version__} has no {name}")
    params = set(inspect.signature(cls.__init__).parameters) - {"self", "params"}
    assert params <= TORCH_OPTIMIZER_ARGS[name]


def test_every_installed_torch_optimizer_is_listed():
    names = {
        n
        for n, c in vars(torch.optim).items()
        if isinstance(c, type) and issubclass(c, torch.optim.Optimizer)
    } - {"Optimizer"}
    assert names <= set(TORCH_OPTIMIZER_ARGS)
