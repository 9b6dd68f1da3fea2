"""Weight initialisation from ``init_cfg`` (MMEngine's ``weight_init``).

An ``init_cfg`` names an initialiser registered in ``WEIGHT_INITIALIZERS``::

    init_cfg = dict(type='Kaiming', layer='Conv2d',
                    override=dict(type='Constant', name='cls', val=0,
                                  bias_prob=0.01))

Semantics kept from MMEngine 0.10.7:

- ``layer`` selects submodules by class name, matching the class itself or any
  of its *direct* bases (``_get_bases_name``), so a ``Conv2d`` subclass
  matches ``layer='Conv2d'``. Without ``layer`` (and outside ``override``) an
  initialiser touches nothing.
- ``override`` entries initialise the attribute ``name`` as a whole module
  (every submodule with a ``weight``/``bias``); an override holding only
  ``name`` reuses the outer config minus ``layer``.
- ``bias_prob=p`` sets the bias to ``-log((1 - p) / p)`` (focal-loss prior).
- Each helper consumes the global torch RNG exactly as MMEngine's does (same
  ``nn.init`` calls in the same order), so seeded runs match bit for bit.
"""

from __future__ import annotations

import copy
import logging
import math
import warnings
from typing import Any

import torch
import torch.nn as nn

from mmcompat.logging import print_log
from mmcompat.registry import WEIGHT_INITIALIZERS, build_from_cfg

__all__ = [
    "BaseInit",
    "Caffe2XavierInit",
    "ConstantInit",
    "KaimingInit",
    "NormalInit",
    "PretrainedInit",
    "TruncNormalInit",
    "UniformInit",
    "XavierInit",
    "bias_init_with_prob",
    "caffe2_xavier_init",
    "constant_init",
    "initialize",
    "kaiming_init",
    "normal_init",
    "trunc_normal_",
    "trunc_normal_init",
    "uniform_init",
    "update_init_info",
    "xavier_init",
]


# -- helpers: initialise one module's weight and bias ------------------------
def _has(module: nn.Module, name: str) -> bool:
    return getattr(module, name, None) is not None


def _fill_bias(module: nn.Module, bias: float) -> None:
    if _has(module, "bias"):
        nn.init.constant_(module.bias, bias)


def constant_init(module: nn.Module, val: float, bias: float = 0) -> None:
    """Fill ``weight`` with ``val`` and ``bias`` with ``bias``."""
    if _has(module, "weight"):
        nn.init.constant_(module.weight, val)
    _fill_bias(module, bias)


def xavier_init(
    module: nn.Module, gain: float = 1, bias: float = 0, distribution: str = "normal"
) -> None:
    """Glorot initialisation of ``weight`` (normal or uniform)."""
    if distribution not in ("uniform", "normal"):
        raise ValueError(
            f"distribution must be 'uniform' or 'normal', got {distribution!r}"
        )
    if _has(module, "weight"):
        if distribution == "uniform":
            nn.init.xavier_uniform_(module.weight, gain=gain)
        else:
            nn.init.xavier_normal_(module.weight, gain=gain)
    _fill_bias(module, bias)


def normal_init(
    module: nn.Module, mean: float = 0, std: float = 1, bias: float = 0
) -> None:
    """Draw ``weight`` from N(mean, std^2)."""
    if _has(module, "weight"):
        nn.init.normal_(module.weight, mean, std)
    _fill_bias(module, bias)


def trunc_normal_(
    tensor: torch.Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
) -> torch.Tensor:
    """Fill ``tensor`` from N(mean, std^2) truncated to [a, b].

    Inverse-CDF sampling, as MMEngine (and PyTorch before 2.10) does it: draw
    uniformly between the CDF values of ``a`` and ``b`` (mapped to erf's
    [-1, 1]), apply ``erfinv``, scale and clamp. Recent PyTorch's
    ``nn.init.trunc_normal_`` uses rejection sampling instead, which consumes
    the RNG differently and would give other weights for the same seed.
    """

    def cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn(
            "trunc_normal_: mean is more than 2 std from [a, b]; "
            "the distribution of values may be incorrect.",
            stacklevel=2,
        )
    with torch.no_grad():
        lower, upper = cdf((a - mean) / std), cdf((b - mean) / std)
        tensor.uniform_(2 * lower - 1, 2 * upper - 1)
        tensor.erfinv_()
        tensor.mul_(std * math.sqrt(2.0))
        tensor.add_(mean)
        tensor.clamp_(min=a, max=b)
    return tensor


def trunc_normal_init(
    module: nn.Module,
    mean: float = 0,
    std: float = 1,
    a: float = -2,
    b: float = 2,
    bias: float = 0,
) -> None:
    """Draw ``weight`` from a normal distribution truncated to [a, b]."""
    if _has(module, "weight"):
        trunc_normal_(module.weight, mean, std, a, b)
    _fill_bias(module, bias)


def uniform_init(
    module: nn.Module, a: float = 0, b: float = 1, bias: float = 0
) -> None:
    """Draw ``weight`` from U(a, b)."""
    if _has(module, "weight"):
        nn.init.uniform_(module.weight, a, b)
    _fill_bias(module, bias)


def kaiming_init(
    module: nn.Module,
    a: float = 0,
    mode: str = "fan_out",
    nonlinearity: str = "relu",
    bias: float = 0,
    distribution: str = "normal",
) -> None:
    """He initialisation of ``weight``; MMEngine's default mode is ``fan_out``."""
    if distribution not in ("uniform", "normal"):
        raise ValueError(
            f"distribution must be 'uniform' or 'normal', got {distribution!r}"
        )
    if _has(module, "weight"):
        fn = (
            nn.init.kaiming_uniform_
            if distribution == "uniform"
            else nn.init.kaiming_normal_
        )
        fn(module.weight, a=a, mode=mode, nonlinearity=nonlinearity)
    _fill_bias(module, bias)


def caffe2_xavier_init(module: nn.Module, bias: float = 0) -> None:
    """Caffe2's ``XavierFill``: a uniform Kaiming init with ``a=1``, ``fan_in``."""
    kaiming_init(
        module,
        a=1,
        mode="fan_in",
        nonlinearity="leaky_relu",
        bias=bias,
        distribution="uniform",
    )


def bias_init_with_prob(prior_prob: float) -> float:
    """The bias whose sigmoid is ``prior_prob``: ``-log((1 - p) / p)``."""
    return float(-math.log((1 - prior_prob) / prior_prob))


def update_init_info(module: nn.Module, init_info: str) -> None:
    """Record ``init_info`` for every parameter whose mean changed.

    Only meaningful inside ``BaseModule.init_weights``, which attaches the
    shared ``_params_init_info`` table to every submodule.
    """
    table = getattr(module, "_params_init_info", None)
    if table is None:
        raise AttributeError(
            f"{type(module).__name__} has no _params_init_info; "
            "update_init_info runs inside BaseModule.init_weights only"
        )
    for name, param in module.named_parameters():
        if param not in table:
            raise RuntimeError(
                f"parameter {name!r} of {type(module).__name__} appeared during "
                "init_weights; do not add or replace parameters while initialising"
            )
        mean_value = param.data.mean().cpu()
        if table[param]["tmp_mean_value"] != mean_value:
            table[param]["init_info"] = init_info
            table[param]["tmp_mean_value"] = mean_value


# -- initialisers registered in WEIGHT_INITIALIZERS --------------------------
def _class_and_bases(module: nn.Module) -> set[str]:
    # MMEngine matches the class name and its direct bases only.
    cls = type(module)
    return {cls.__name__, *(b.__name__ for b in cls.__bases__)}


class BaseInit:
    """Common arguments of the initialisers.

    Args:
        bias: value for ``bias``.
        bias_prob: if set, ``bias = bias_init_with_prob(bias_prob)`` (a float).
        layer: class name(s) of the submodules to initialise.
    """

    def __init__(
        self,
        *,
        bias: float = 0,
        bias_prob: float | None = None,
        layer: str | list[str] | None = None,
    ) -> None:
        self.wholemodule = False
        if not isinstance(bias, (int, float)):
            raise TypeError(f"bias must be a number, got {type(bias).__name__}")
        if bias_prob is not None and not isinstance(bias_prob, float):
            raise TypeError(
                f"bias_prob must be a float, got {type(bias_prob).__name__}"
            )
        if layer is None:
            layer = []
        elif not isinstance(layer, (str, list)):
            raise TypeError(
                f"layer must be a str or a list of str, got {type(layer).__name__}"
            )
        self.bias = bias_init_with_prob(bias_prob) if bias_prob is not None else bias
        self.layer = [layer] if isinstance(layer, str) else list(layer)

    def init_module(self, module: nn.Module) -> None:
        """Initialise one (sub)module; subclasses call a helper above."""
        raise NotImplementedError

    def __call__(self, module: nn.Module) -> None:
        wanted = set(self.layer)

        def visit(m: nn.Module) -> None:
            if self.wholemodule or wanted & _class_and_bases(m):
                self.init_module(m)

        module.apply(visit)
        if hasattr(module, "_params_init_info"):
            update_init_info(module, init_info=self._get_init_info())

    def _get_init_info(self) -> str:
        return f"{type(self).__name__}, bias={self.bias}"


@WEIGHT_INITIALIZERS.register_module(name="Constant")
class ConstantInit(BaseInit):
    """``weight = val``, ``bias = bias``."""

    def __init__(self, val: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.val = val

    def init_module(self, module: nn.Module) -> None:
        constant_init(module, self.val, self.bias)

    def _get_init_info(self) -> str:
        return f"{type(self).__name__}: val={self.val}, bias={self.bias}"


@WEIGHT_INITIALIZERS.register_module(name="Xavier")
class XavierInit(BaseInit):
    """Glorot init (``gain``, ``distribution`` 'normal' or 'uniform')."""

    def __init__(
        self, gain: float = 1, distribution: str = "normal", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.gain = gain
        self.distribution = distribution

    def init_module(self, module: nn.Module) -> None:
        xavier_init(module, self.gain, self.bias, self.distribution)

    def _get_init_info(self) -> str:
        return (
            f"{type(self).__name__}: gain={self.gain}, "
            f"distribution={self.distribution}, bias={self.bias}"
        )


@WEIGHT_INITIALIZERS.register_module(name="Normal")
class NormalInit(BaseInit):
    """``weight ~ N(mean, std^2)``."""

    def __init__(self, mean: float = 0, std: float = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mean = mean
        self.std = std

    def init_module(self, module: nn.Module) -> None:
        normal_init(module, self.mean, self.std, self.bias)

    def _get_init_info(self) -> str:
        return (
            f"{type(self).__name__}: mean={self.mean}, std={self.std}, bias={self.bias}"
        )


@WEIGHT_INITIALIZERS.register_module(name="TruncNormal")
class TruncNormalInit(BaseInit):
    """``weight ~ N(mean, std^2)`` truncated to ``[a, b]``."""

    def __init__(
        self,
        mean: float = 0,
        std: float = 1,
        a: float = -2,
        b: float = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.mean = mean
        self.std = std
        self.a = a
        self.b = b

    def init_module(self, module: nn.Module) -> None:
        trunc_normal_init(module, self.mean, self.std, self.a, self.b, self.bias)

    def _get_init_info(self) -> str:
        return (
            f"{type(self).__name__}: a={self.a}, b={self.b}, "
            f"mean={self.mean}, std={self.std}, bias={self.bias}"
        )


@WEIGHT_INITIALIZERS.register_module(name="Uniform")
class UniformInit(BaseInit):
    """``weight ~ U(a, b)``."""

    def __init__(self, a: float = 0, b: float = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.a = a
        self.b = b

    def init_module(self, module: nn.Module) -> None:
        uniform_init(module, self.a, self.b, self.bias)

    def _get_init_info(self) -> str:
        return f"{type(self).__name__}: a={self.a}, b={self.b}, bias={self.bias}"


@WEIGHT_INITIALIZERS.register_module(name="Kaiming")
class KaimingInit(BaseInit):
    """He init; defaults ``mode='fan_out'``, ``nonlinearity='relu'``, normal."""

    def __init__(
        self,
        a: float = 0,
        mode: str = "fan_out",
        nonlinearity: str = "relu",
        distribution: str = "normal",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.a = a
        self.mode = mode
        self.nonlinearity = nonlinearity
        self.distribution = distribution

    def init_module(self, module: nn.Module) -> None:
        kaiming_init(
            module, self.a, self.mode, self.nonlinearity, self.bias, self.distribution
        )

    def _get_init_info(self) -> str:
        return (
            f"{type(self).__name__}: a={self.a}, mode={self.mode}, "
            f"nonlinearity={self.nonlinearity}, "
            f"distribution ={self.distribution}, bias={self.bias}"
        )


@WEIGHT_INITIALIZERS.register_module(name="Caffe2Xavier")
class Caffe2XavierInit(KaimingInit):
    """Caffe2's ``XavierFill`` (uniform Kaiming, ``a=1``, ``fan_in``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            a=1,
            mode="fan_in",
            nonlinearity="leaky_relu",
            distribution="uniform",
            **kwargs,
        )


@WEIGHT_INITIALIZERS.register_module(name="Pretrained")
class PretrainedInit:
    """Load weights from a checkpoint file (``strict=False``).

    Args:
        checkpoint: path of a ``.pth`` file holding a state dict, or a dict
            with a ``state_dict``/``model`` entry.
        prefix: load only the keys under this prefix (``'backbone.'``), with
            the prefix stripped, e.g. a detector's backbone into a backbone.
        map_location: passed to ``torch.load``.

    Unlike MMEngine 0.10.7 the file is read with ``torch.load(weights_only=True)``
    (no arbitrary unpickling; works on PyTorch >= 2.6).
    """

    def __init__(
        self, checkpoint: str, prefix: str | None = None, map_location: str = "cpu"
    ):
        self.checkpoint = checkpoint
        self.prefix = prefix
        self.map_location = map_location
        self.wholemodule = False

    def __call__(self, module: nn.Module) -> None:
        state_dict = _read_state_dict(self.checkpoint, self.map_location)
        if self.prefix is None:
            print_log(f"load model from: {self.checkpoint}", logger="current")
        else:
            print_log(
                f"load {self.prefix} in model from: {self.checkpoint}", logger="current"
            )
            prefix = self.prefix if self.prefix.endswith(".") else self.prefix + "."
            state_dict = {
                k[len(prefix) :]: v
                for k, v in state_dict.items()
                if k.startswith(prefix)
            }
            if not state_dict:
                raise ValueError(
                    f"{self.checkpoint}: no key starts with prefix {prefix!r}"
                )
        target = getattr(module, "module", module) if _is_wrapped(module) else module
        result = target.load_state_dict(state_dict, strict=False)
        if result.missing_keys or result.unexpected_keys:
            print_log(
                f"{self.checkpoint}: missing keys {list(result.missing_keys)}, "
                f"unexpected keys {list(result.unexpected_keys)}",
                level=logging.WARNING,
                logger="current",
            )
        if hasattr(module, "_params_init_info"):
            update_init_info(module, init_info=self._get_init_info())

    def _get_init_info(self) -> str:
        return f"{type(self).__name__}: load from {self.checkpoint}"


def _is_wrapped(module: nn.Module) -> bool:
    from .wrappers import is_model_wrapper

    return is_model_wrapper(module)


def _read_state_dict(path: str, map_location: str) -> dict:
    if "://" in str(path):
        raise ValueError(
            f"Pretrained checkpoint {path!r}: only local files are supported; "
            "download it first"
        )
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    if not isinstance(checkpoint, dict):
        raise TypeError(
            f"{path}: expected a state dict, got {type(checkpoint).__name__}"
        )
    for key in ("state_dict", "model"):
        if key in checkpoint and isinstance(checkpoint[key], dict):
            checkpoint = checkpoint[key]
            break
    # Checkpoints saved from a (Distributed)DataParallel model carry 'module.'.
    return {(k[7:] if k.startswith("module.") else k): v for k, v in checkpoint.items()}


# -- initialize(): apply one init_cfg or a list of them ----------------------
def _initialize(module: nn.Module, cfg: dict, wholemodule: bool = False) -> None:
    initializer = build_from_cfg(cfg, WEIGHT_INITIALIZERS)
    # ``wholemodule`` is how override entries (which have no ``layer``) reach
    # every submodule of the named attribute.
    initializer.wholemodule = wholemodule
    initializer(module)


def _initialize_override(module: nn.Module, override: dict | list, cfg: dict) -> None:
    if not isinstance(override, (dict, list)):
        raise TypeError(
            f"override must be a dict or a list of dict, got {type(override)}"
        )
    for entry in [override] if isinstance(override, dict) else override:
        entry = copy.deepcopy(entry)
        name = entry.pop("name", None)
        if name is None:
            raise ValueError(f'an init_cfg override needs the key "name", got {entry}')
        if not entry:
            # ``override=dict(name='cls')``: same initialiser as the outer cfg.
            entry.update(cfg)
        elif "type" not in entry:
            raise ValueError(
                f'an init_cfg override with arguments needs "type", got {entry}'
            )
        if not hasattr(module, name):
            raise RuntimeError(
                f"{type(module).__name__} has no attribute {name!r} named by the "
                f"init_cfg override {entry}"
            )
        _initialize(getattr(module, name), entry, wholemodule=True)


def initialize(module: nn.Module, init_cfg: dict | list[dict]) -> None:
    """Initialise ``module`` from one init_cfg dict or a list of them.

    Example::

        initialize(model, dict(type='Constant', layer='Conv2d', val=1,
                               override=dict(type='Constant', name='reg', val=3)))
    """
    if not isinstance(init_cfg, (dict, list)):
        raise TypeError(
            f"init_cfg must be a dict or a list of dict, got {type(init_cfg)}"
        )
    for cfg in [init_cfg] if isinstance(init_cfg, dict) else init_cfg:
        # Deep copy: one init_cfg object is often shared by many blocks.
        cfg = copy.deepcopy(cfg)
        override = cfg.pop("override", None)
        _initialize(module, cfg)
        if override is not None:
            cfg.pop("layer", None)
            _initialize_override(module, override, cfg)
