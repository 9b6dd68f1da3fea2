"""The ``mmcv`` overlay under ``mmcompat run``: legacy names, mmcompat homes,
the installed mmcv >= 2 as itself, the ops fallback, clear failures.

Tests that need MMCV 2.x skip without it (``pip install -e ".[legacy]"``
installs mmcv-lite); the others check the behaviour without it.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings

import pytest
import torch
from torch import nn

from mmcompat.legacy.runtime.aliases import (
    find_installed_mmcv,
    legacy_aliases,
    locate,
)

INSTALLED = find_installed_mmcv()
needs_mmcv2 = pytest.mark.skipif(
    INSTALLED is None, reason="needs mmcv>=2 (pip install -e '.[legacy]')"
)
without_mmcv2 = pytest.mark.skipif(
    INSTALLED is not None, reason="checks the behaviour without mmcv>=2"
)
HAS_OPS_FALLBACK = importlib.util.find_spec("mmcompat.legacy.ops") is not None
needs_ops_fallback = pytest.mark.skipif(
    not HAS_OPS_FALLBACK, reason="needs the mmcompat.legacy.ops fallback"
)


def _mmcv_ops_compiled() -> bool:
    # the compiled extension of the installed mmcv, probed outside the aliases
    return INSTALLED is not None and importlib.util.find_spec("mmcv._ext") is not None


# -- without MMCV 2.x ----------------------------------------------------------


@without_mmcv2
def test_mmcv2_brick_without_mmcv2_imports_and_advises_the_legacy_extra():
    with legacy_aliases():
        from mmcv.cnn import ConvModule

        with pytest.raises(ImportError) as info:
            ConvModule(3, 8, 3)
    text = str(info.value)
    assert "`mmcv.cnn.ConvModule`" in text and "mmcompat[legacy]" in text
    assert "moved to mmcv.cnn.ConvModule" not in text


@without_mmcv2
def test_mmcv2_module_without_mmcv2_imports_and_its_names_fail_when_used():
    with legacy_aliases():
        from mmcv.image import imread

        with pytest.raises(ImportError, match=r"mmcv\.image\.imread.*mmcv-lite"):
            imread("x.png")


@pytest.mark.skipif(
    HAS_OPS_FALLBACK or _mmcv_ops_compiled(),
    reason="checks mmcv.ops with neither compiled ops nor the fallback",
)
def test_mmcv_ops_without_compiled_ops_or_fallback_fails_at_import_naming_the_line():
    with legacy_aliases():
        line = sys._getframe().f_lineno + 2
        with pytest.raises(ImportError) as info:
            import mmcv.ops  # noqa: F401
    text = str(info.value)
    assert "`mmcv.ops`" in text and f"test_overlay.py:{line}" in text
    assert "compiled ops" in text


# -- numpy aliases ---------------------------------------------------------------


@pytest.mark.skipif(
    "float" in vars(__import__("numpy")), reason="this NumPy still has np.float"
)
def test_removed_numpy_aliases_exist_for_the_run_with_one_warning_naming_first_use():
    import numpy as np

    with legacy_aliases():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = sys._getframe().f_lineno + 1
            first = np.float
            assert np.int is int and np.object is object and first is float
    messages = [str(w.message) for w in caught if "NumPy 1.24" in str(w.message)]
    assert len(messages) == 1
    assert "np.float" in messages[0] and f"test_overlay.py:{line}" in messages[0]
    with pytest.raises(AttributeError):
        np.float  # noqa: B018


# -- with MMCV 2.x -----------------------------------------------------------------


@needs_mmcv2
def test_mmcv2_bricks_are_the_real_classes_and_legacy_names_are_overlaid():
    from mmcompat.config import Config as NewConfig
    from mmcompat.legacy.runtime.registry import Registry as LegacyRegistry

    with legacy_aliases():
        import mmcv
        from mmcv import Config
        from mmcv.cnn import ConvModule, build_norm_layer, kaiming_init
        from mmcv.cnn.bricks.conv_module import ConvModule as Deep
        from mmcv.utils import Registry

        version = mmcv.__version__
        real_file = mmcv.__file__
    assert version == "1.7.2" and real_file.startswith(INSTALLED.root)
    assert ConvModule is Deep and ConvModule.__module__.startswith("mmcv.cnn")
    assert Config is NewConfig and Registry is LegacyRegistry
    assert callable(kaiming_init) and callable(build_norm_layer)


@needs_mmcv2
def test_real_mmcv_loses_the_overlay_after_the_block():
    with legacy_aliases():
        import mmcv.cnn
        import mmcv.runner  # noqa: F401

        assert "__getattr__" in vars(mmcv.cnn)
    mmcv = sys.modules["mmcv"]
    assert mmcv.__version__ == INSTALLED.version
    assert "__getattr__" not in vars(sys.modules["mmcv.cnn"])
    assert not hasattr(mmcv, "runner") and not hasattr(mmcv, "Config")
    assert "mmcv.runner" not in sys.modules


@needs_mmcv2
def test_locate_says_where_each_name_comes_from():
    with legacy_aliases():
        origins = {
            symbol: locate(*symbol.rsplit(".", 1)).origin
            for symbol in (
                "mmcv.runner.EpochBasedRunner",
                "mmcv.Config",
                "mmcv.cnn.ConvModule",
                "mmcv.cnn.CONV_LAYERS",
                "mmcv.runner.OptimizerHook",
                "mmcv.runner.PaviLoggerHook",
            )
        }
    assert origins == {
        "mmcv.runner.EpochBasedRunner": "legacy",
        "mmcv.Config": "mmcompat",
        "mmcv.cnn.ConvModule": "mmcv",
        "mmcv.cnn.CONV_LAYERS": "legacy",
        "mmcv.runner.OptimizerHook": "legacy",
        "mmcv.runner.PaviLoggerHook": "unavailable",
    }


@needs_mmcv2
def test_layer_registered_by_legacy_code_is_built_by_mmcv2_builder():
    from mmengine.registry import MODELS as ENGINE_MODELS

    with legacy_aliases():
        from mmcv.cnn import CONV_LAYERS, build_conv_layer
        from mmcv.cnn.bricks.registry import CONV_LAYERS as SAME

        @CONV_LAYERS.register_module()
        class OverlayTestConv(nn.Conv2d):
            pass

        conv = build_conv_layer(dict(type="OverlayTestConv"), 3, 4, 3)
        assert SAME is CONV_LAYERS and issubclass(CONV_LAYERS.get("Conv"), nn.Conv2d)
    assert type(conv) is OverlayTestConv and conv.out_channels == 4
    assert "OverlayTestConv" not in ENGINE_MODELS.module_dict


@needs_mmcv2
def test_legacy_child_of_mmcv_models_builds_mmcv_bricks_and_lists():
    from mmcompat.model import Sequential

    with legacy_aliases():
        from mmcv.cnn import MODELS as MMCV_MODELS
        from mmcv.utils import Registry

        models = Registry("models", parent=MMCV_MODELS, scope="overlaytest")
        conv = models.build(
            dict(type="ConvModule", in_channels=3, out_channels=4, kernel_size=1)
        )
        pair = models.build([dict(type="ReLU"), dict(type="ReLU")])
        from mmcv.cnn import ConvModule
    assert type(conv) is ConvModule and conv.conv.out_channels == 4
    assert isinstance(pair, Sequential) and len(pair) == 2


@needs_mmcv2
def test_legacy_registration_clashing_with_an_mmcv2_brick_names_both():
    with legacy_aliases():
        from mmcv.cnn import PLUGIN_LAYERS

        with pytest.raises(KeyError) as info:

            @PLUGIN_LAYERS.register_module()
            class Swish(nn.Module):  # MMCV 2.x's activation Swish is in MODELS
                pass

    text = str(info.value)
    assert "test_overlay" in text and "Swish" in text
    assert "mmcv.cnn.bricks.swish.Swish" in text


@needs_mmcv2
def test_a_second_run_in_one_process_sees_the_same_real_mmcv():
    with legacy_aliases():
        from mmcv.cnn import ConvModule as first
    with legacy_aliases():
        from mmcv.cnn import ConvModule as second
    assert first is second


def _mixed_tree(engine_base: type) -> nn.Module:
    from mmcompat.model import BaseModule

    class Leaf(engine_base):
        def __init__(self) -> None:
            super().__init__(
                init_cfg=[
                    dict(type="Kaiming", layer="Conv2d"),
                    dict(type="OverlayHalf", layer="Linear"),
                ]
            )
            self.conv = nn.Conv2d(3, 4, 3)
            self.fc = nn.Linear(4, 2)

    class Root(BaseModule):
        def __init__(self) -> None:
            super().__init__(init_cfg=dict(type="Normal", layer="Linear", std=0.1))
            self.head = nn.Linear(2, 2)
            self.leaf = Leaf()

    return Root()


@needs_mmcv2
def test_mmengine_child_in_a_legacy_tree_is_initialised_as_a_legacy_child():
    from mmcompat.model import BaseModule, constant_init

    with legacy_aliases():
        from mmcv.cnn import INITIALIZERS
        from mmengine.model import BaseModule as EngineBaseModule

        @INITIALIZERS.register_module(name="OverlayHalf")
        class HalfInit:  # a legacy initialiser MMEngine's registry never sees
            def __init__(self, layer=None):
                self.layer = layer

            def __call__(self, module):
                for m in module.modules():
                    if type(m).__name__ == self.layer:
                        constant_init(m, 0.5, bias=0.5)

        torch.manual_seed(0)
        mixed = _mixed_tree(EngineBaseModule)
        mixed.init_weights()
        torch.manual_seed(0)
        legacy = _mixed_tree(BaseModule)
        legacy.init_weights()
    assert torch.all(mixed.leaf.fc.weight == 0.5)
    for (name, a), (_, b) in zip(
        mixed.state_dict().items(), legacy.state_dict().items()
    ):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)
    assert (
        vars(EngineBaseModule).get("init_weights")
        is not vars(BaseModule)["init_weights"]
    )


@needs_mmcv2
@needs_ops_fallback
@pytest.mark.skipif(_mmcv_ops_compiled(), reason="the installed mmcv has its ops")
def test_mmcv_ops_without_compiled_extension_is_the_fallback():
    fallback = importlib.import_module("mmcompat.legacy.ops")
    with legacy_aliases():
        import mmcv.ops
        from mmcv.ops import RoIAlign, nms
        from mmcv.ops.nms import batched_nms

        origin = locate("mmcv.ops", "nms").origin
        assert mmcv.ops.nms is fallback.nms  # the function, not the submodule
    assert nms is fallback.nms and RoIAlign is fallback.RoIAlign
    assert batched_nms is fallback.batched_nms and origin == "ops fallback"
    assert "mmcv.ops" not in sys.modules and callable(fallback.nms)


def test_private_name_mmcv_1x_exported_resolves_to_its_mmcompat_mirror():
    # mmdet's pvt.py: from mmcv.runner import _load_checkpoint
    from mmcompat.runner.checkpoint import _load_checkpoint as mirror

    with legacy_aliases():
        from mmcv.runner import _load_checkpoint
        from mmcv.utils import jit

        origin = locate("mmcv.runner", "_load_checkpoint").origin
    assert _load_checkpoint is mirror and origin == "mmcompat"
    assert jit(lambda: 3)() == 3 and jit(coderize=True)(lambda: 4)() == 4


_LAZY_INTEROP = """
import sys
from mmcompat.legacy.runtime.aliases import legacy_aliases
from mmcompat.model import BaseModule
with legacy_aliases():
    import mmcv
    print("after import mmcv:", "mmengine.model" in sys.modules)
    from mmcv.cnn import ConvModule
    from mmengine.model import BaseModule as EngineBaseModule
    print("borrowed:", vars(EngineBaseModule)["init_weights"] is vars(BaseModule)["init_weights"])
print("restored:", vars(EngineBaseModule).get("init_weights") is not vars(BaseModule)["init_weights"])
"""


@needs_mmcv2
def test_mmengine_models_are_imported_only_when_legacy_code_needs_them():
    # `import mmcv` must not pay for MMEngine's model package (seconds of
    # torch.distributed imports); the interop applies when it is imported
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _LAZY_INTEROP], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == [
        "after import mmcv: False",
        "borrowed: True",
        "restored: True",
    ]
