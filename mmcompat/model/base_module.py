"""``BaseModule``: an ``nn.Module`` initialised from ``init_cfg``.

``init_weights()`` on the top-level module walks the tree once:

1. apply this module's non-``Pretrained`` init_cfgs;
2. call ``init_weights()`` of every child that has one (children's init_cfg
   wins over the parent's, because it runs later);
3. apply this module's ``Pretrained`` init_cfgs last, so loaded weights
   overwrite everything (MMEngine issue #691 semantics).

While it runs, every submodule shares a ``_params_init_info`` table that
records which initialiser last changed each parameter; the top-level module
logs the table (to the log file if the current logger has one) and removes it.
"""

from __future__ import annotations

import copy
import logging
from abc import ABCMeta
from collections import defaultdict
from collections.abc import Iterable
from logging import FileHandler

import torch.nn as nn

from mmcompat.dist import master_only
from mmcompat.logging import MMLogger, print_log

from .weight_init import PretrainedInit, initialize, update_init_info
from .wrappers import is_model_wrapper

__all__ = ["BaseModule", "ModuleDict", "ModuleList", "Sequential"]


def _is_pretrained(cfg: dict) -> bool:
    return cfg["type"] == "Pretrained" or cfg["type"] is PretrainedInit


class BaseModule(nn.Module, metaclass=ABCMeta):
    """``nn.Module`` with ``init_cfg``-driven ``init_weights()``.

    Args:
        init_cfg: one init config dict or a list of them (see
            :func:`mmcompat.model.initialize`); deep-copied.
    """

    def __init__(self, init_cfg: dict | list[dict] | None = None) -> None:
        super().__init__()
        self._is_init = False
        self.init_cfg = copy.deepcopy(init_cfg)

    @property
    def is_init(self) -> bool:
        return self._is_init

    @is_init.setter
    def is_init(self, value: bool) -> None:
        self._is_init = value

    def init_weights(self) -> None:
        """Initialise parameters from ``init_cfg`` and the children's own."""
        is_top_level = not hasattr(self, "_params_init_info")
        if is_top_level:
            self._start_init_info()

        if self._is_init:
            print_log(
                f"init_weights of {type(self).__name__} has been called more than once.",
                level=logging.WARNING,
                logger="current",
            )
        else:
            pretrained_cfgs: list[dict] = []
            if self.init_cfg:
                print_log(
                    f"initialize {type(self).__name__} with init_cfg {self.init_cfg}",
                    level=logging.DEBUG,
                    logger="current",
                )
                cfgs = (
                    [self.init_cfg]
                    if isinstance(self.init_cfg, dict)
                    else self.init_cfg
                )
                other_cfgs = []
                for cfg in cfgs:
                    if not isinstance(cfg, dict):
                        raise TypeError(
                            f"{type(self).__name__}.init_cfg entries must be dicts, got {cfg!r}"
                        )
                    (pretrained_cfgs if _is_pretrained(cfg) else other_cfgs).append(cfg)
                initialize(self, other_cfgs)

            for child in self.children():
                if is_model_wrapper(child) and not hasattr(child, "init_weights"):
                    child = child.module
                if hasattr(child, "init_weights") and not getattr(
                    child, "is_init", False
                ):
                    child.init_weights()
                    update_init_info(
                        child,
                        init_info=(
                            "Initialized by user-defined `init_weights` in "
                            f"{type(child).__name__} "
                        ),
                    )
            if pretrained_cfgs:
                initialize(self, pretrained_cfgs)
            self._is_init = True

        if is_top_level:
            self._dump_init_info()
            for module in self.modules():
                del module._params_init_info

    def _start_init_info(self) -> None:
        # Keyed by the Parameter object; the mean detects which initialiser
        # last changed it.
        table: defaultdict = defaultdict(dict)
        for param in self.parameters():
            table[param]["init_info"] = (
                "The value is the same before and after calling `init_weights` "
                f"of {type(self).__name__} "
            )
            table[param]["tmp_mean_value"] = param.data.mean().cpu()
        for module in self.modules():
            module._params_init_info = table

    @master_only
    def _dump_init_info(self) -> None:
        """Log which initialiser produced each parameter (main process only)."""
        logger = MMLogger.get_current_instance()
        lines = [
            f"\n{name} - {param.shape}: \n{self._params_init_info[param]['init_info']} \n"
            for name, param in self.named_parameters()
        ]
        file_handlers = [h for h in logger.handlers if isinstance(h, FileHandler)]
        if file_handlers:
            # MMEngine writes the table straight into the log file, keeping the
            # console short.
            for handler in file_handlers:
                handler.stream.write("Name of parameter - Initialization information\n")
                handler.stream.write("".join(lines))
                handler.stream.flush()
        else:
            for line in lines:
                logger.info(line)

    def __repr__(self) -> str:
        text = super().__repr__()
        if self.init_cfg:
            text += f"\ninit_cfg={self.init_cfg}"
        return text


class Sequential(BaseModule, nn.Sequential):
    """``nn.Sequential`` whose members can have their own ``init_cfg``."""

    def __init__(
        self, *args: nn.Module, init_cfg: dict | list[dict] | None = None
    ) -> None:
        BaseModule.__init__(self, init_cfg)
        nn.Sequential.__init__(self, *args)


class ModuleList(BaseModule, nn.ModuleList):
    """``nn.ModuleList`` with an ``init_cfg``."""

    def __init__(
        self,
        modules: Iterable[nn.Module] | None = None,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        BaseModule.__init__(self, init_cfg)
        nn.ModuleList.__init__(self, modules)


class ModuleDict(BaseModule, nn.ModuleDict):
    """``nn.ModuleDict`` with an ``init_cfg``."""

    def __init__(
        self,
        modules: dict[str, nn.Module] | None = None,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        BaseModule.__init__(self, init_cfg)
        nn.ModuleDict.__init__(self, modules)
