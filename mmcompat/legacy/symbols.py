"""Where every legacy MMCV 1.x symbol lives now (data for the codemods).

``MOVES`` maps a legacy import path (``"mmcv.runner.EpochBasedRunner"``,
``"mmcv.Config"``, ``"mmcv.runner.hooks.lr_updater.StepLrUpdaterHook"``) to
``(new_home, note)``:

- ``new_home`` is the MMEngine 0.10.7 (``"mmengine.hooks.Hook"``) or MMCV 2.x
  (``"mmcv.cnn.ConvModule"``) path of the same symbol, or ``None`` when it was
  removed without a drop-in replacement;
- ``note`` names the replacement of a removed symbol, or the behaviour change
  of a moved one (``{root}`` stands for the target import root). Notes that
  start with ``renamed:`` are informational only.

The table is generated from the real libraries by
``fixtures/golden/symbols/record.py`` (the curated decisions live there);
edit them there and re-render, never by hand here.

MMCV 1.x re-exported helpers from many places (``mmcv.Config`` is
``mmcv.utils.config.Config``); every such import path has its own row.
The ``mmcompat`` target mirrors MMEngine's packages (``mmengine.hooks`` ->
``mmcompat.hooks``, ``mmengine.fileio`` -> ``mmcompat.fileio``) for the
packages in ``MMCOMPAT_PACKAGES``; names in those packages that mmcompat
does not provide (``MMCOMPAT_MISSING``) and symbols of other MMEngine
packages (``mmengine.utils.dl_utils``, ``mmengine.device``, ...) get a TODO
instead.
"""

from __future__ import annotations

from typing import NamedTuple

TARGETS = ("mmcompat", "mmengine")


class Resolution(NamedTuple):
    """What the codemod does with one legacy symbol for one target.

    ``action`` is ``"move"`` (import ``name`` from ``module``), ``"keep"``
    (the legacy path still works in MMCV 2.x) or ``"todo"`` (leave the code,
    add ``# TODO(mmcompat): note``). A ``"move"`` may carry a note too: a
    behaviour change worth a TODO at the import.
    """

    action: str
    module: str | None
    name: str | None
    note: str


# BEGIN GENERATED TABLE
# Recorded from mmcv 1.7.2, mmengine 0.10.7 and mmcv 2.2.0 by fixtures/golden/symbols/record.py.
MOVES: dict[str, tuple[str | None, str]] = {
    # mmcv
    "mmcv.BaseFileHandler": ("mmengine.fileio.BaseFileHandler", ""),
    "mmcv.BaseStorageBackend": ("mmengine.fileio.BaseStorageBackend", ""),
    "mmcv.BuildExtension": (None, "BuildExtension was removed in MMCV 2.x / MMEngine"),
    "mmcv.CUDAExtension": (None, "CUDAExtension was removed in MMCV 2.x / MMEngine"),
    "mmcv.Cache": ("mmcv.Cache", ""),
    "mmcv.Color": ("mmcv.Color", ""),
    "mmcv.Config": ("mmengine.config.Config", ""),
    "mmcv.ConfigDict": ("mmengine.config.ConfigDict", ""),
    "mmcv.CppExtension": (None, "CppExtension was removed in MMCV 2.x / MMEngine"),
    "mmcv.DataLoader": (None, "DataLoader was removed in MMCV 2.x / MMEngine"),
    "mmcv.DictAction": ("mmengine.config.DictAction", ""),
    "mmcv.FileClient": ("mmengine.fileio.FileClient", ""),
    "mmcv.IS_CUDA_AVAILABLE": (
        None,
        "IS_CUDA_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.IS_IPU_AVAILABLE": (
        None,
        "IS_IPU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.IS_MLU_AVAILABLE": (
        None,
        "IS_MLU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.IS_MPS_AVAILABLE": (
        None,
        "IS_MPS_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.IS_NPU_AVAILABLE": (
        None,
        "IS_NPU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.JsonHandler": ("mmengine.fileio.JsonHandler", ""),
    "mmcv.PickleHandler": ("mmengine.fileio.PickleHandler", ""),
    "mmcv.PoolDataLoader": (None, "PoolDataLoader was removed in MMCV 2.x / MMEngine"),
    "mmcv.ProgressBar": ("mmengine.utils.ProgressBar", ""),
    "mmcv.Registry": ("mmengine.registry.Registry", ""),
    "mmcv.SyncBatchNorm": (None, "SyncBatchNorm was removed in MMCV 2.x / MMEngine"),
    "mmcv.TORCH_VERSION": ("mmengine.utils.dl_utils.TORCH_VERSION", ""),
    "mmcv.Timer": ("mmengine.utils.Timer", ""),
    "mmcv.TimerError": ("mmengine.utils.TimerError", ""),
    "mmcv.VideoReader": ("mmcv.VideoReader", ""),
    "mmcv.YamlHandler": ("mmengine.fileio.YamlHandler", ""),
    "mmcv.__version__": ("mmcv.__version__", ""),
    "mmcv.adjust_brightness": ("mmcv.adjust_brightness", ""),
    "mmcv.adjust_color": ("mmcv.adjust_color", ""),
    "mmcv.adjust_contrast": ("mmcv.adjust_contrast", ""),
    "mmcv.adjust_hue": ("mmcv.adjust_hue", ""),
    "mmcv.adjust_lighting": ("mmcv.adjust_lighting", ""),
    "mmcv.adjust_sharpness": ("mmcv.adjust_sharpness", ""),
    "mmcv.assert_attrs_equal": (
        None,
        "assert_attrs_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.assert_dict_contains_subset": (
        None,
        "assert_dict_contains_subset was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.assert_dict_has_keys": (
        None,
        "assert_dict_has_keys was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.assert_is_norm_layer": (
        None,
        "assert_is_norm_layer was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.assert_keys_equal": (
        None,
        "assert_keys_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.assert_params_all_zeros": (
        None,
        "assert_params_all_zeros was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.auto_contrast": ("mmcv.auto_contrast", ""),
    "mmcv.bgr2gray": ("mmcv.bgr2gray", ""),
    "mmcv.bgr2hls": ("mmcv.bgr2hls", ""),
    "mmcv.bgr2hsv": ("mmcv.bgr2hsv", ""),
    "mmcv.bgr2rgb": ("mmcv.bgr2rgb", ""),
    "mmcv.bgr2ycbcr": ("mmcv.bgr2ycbcr", ""),
    "mmcv.build_from_cfg": ("mmengine.registry.build_from_cfg", ""),
    "mmcv.check_file_exist": ("mmengine.utils.check_file_exist", ""),
    "mmcv.check_prerequisites": ("mmengine.utils.check_prerequisites", ""),
    "mmcv.check_python_script": (
        None,
        "check_python_script was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.check_time": ("mmengine.utils.check_time", ""),
    "mmcv.clahe": ("mmcv.clahe", ""),
    # mmcv.cnn
    "mmcv.cnn.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.AlexNet": ("mmcv.cnn.AlexNet", ""),
    "mmcv.cnn.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.Caffe2XavierInit": ("mmengine.model.Caffe2XavierInit", ""),
    "mmcv.cnn.ConstantInit": ("mmengine.model.ConstantInit", ""),
    "mmcv.cnn.ContextBlock": ("mmcv.cnn.ContextBlock", ""),
    "mmcv.cnn.Conv2d": ("mmcv.cnn.Conv2d", ""),
    "mmcv.cnn.Conv2dRFSearchOp": ("mmcv.cnn.Conv2dRFSearchOp", ""),
    "mmcv.cnn.Conv3d": ("mmcv.cnn.Conv3d", ""),
    "mmcv.cnn.ConvAWS2d": ("mmcv.cnn.ConvAWS2d", ""),
    "mmcv.cnn.ConvModule": ("mmcv.cnn.ConvModule", ""),
    "mmcv.cnn.ConvTranspose2d": ("mmcv.cnn.ConvTranspose2d", ""),
    "mmcv.cnn.ConvTranspose3d": ("mmcv.cnn.ConvTranspose3d", ""),
    "mmcv.cnn.ConvWS2d": ("mmcv.cnn.ConvWS2d", ""),
    "mmcv.cnn.DepthwiseSeparableConvModule": (
        "mmcv.cnn.DepthwiseSeparableConvModule",
        "",
    ),
    "mmcv.cnn.GeneralizedAttention": ("mmcv.cnn.GeneralizedAttention", ""),
    "mmcv.cnn.HSigmoid": ("mmcv.cnn.HSigmoid", ""),
    "mmcv.cnn.HSwish": ("mmcv.cnn.HSwish", ""),
    "mmcv.cnn.INITIALIZERS": (
        "mmengine.registry.WEIGHT_INITIALIZERS",
        "renamed: INITIALIZERS -> WEIGHT_INITIALIZERS",
    ),
    "mmcv.cnn.KaimingInit": ("mmengine.model.KaimingInit", ""),
    "mmcv.cnn.Linear": ("mmcv.cnn.Linear", ""),
    "mmcv.cnn.MODELS": ("mmengine.registry.MODELS", ""),
    "mmcv.cnn.MaxPool2d": ("mmcv.cnn.MaxPool2d", ""),
    "mmcv.cnn.MaxPool3d": ("mmcv.cnn.MaxPool3d", ""),
    "mmcv.cnn.NORM_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.NonLocal1d": ("mmcv.cnn.NonLocal1d", ""),
    "mmcv.cnn.NonLocal2d": ("mmcv.cnn.NonLocal2d", ""),
    "mmcv.cnn.NonLocal3d": ("mmcv.cnn.NonLocal3d", ""),
    "mmcv.cnn.NormalInit": ("mmengine.model.NormalInit", ""),
    "mmcv.cnn.PADDING_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.PretrainedInit": ("mmengine.model.PretrainedInit", ""),
    "mmcv.cnn.RFSearchHook": ("mmcv.cnn.RFSearchHook", ""),
    "mmcv.cnn.ResNet": ("mmcv.cnn.ResNet", ""),
    "mmcv.cnn.Scale": ("mmcv.cnn.Scale", ""),
    "mmcv.cnn.Swish": ("mmcv.cnn.Swish", ""),
    "mmcv.cnn.TruncNormalInit": ("mmengine.model.TruncNormalInit", ""),
    "mmcv.cnn.UPSAMPLE_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.UniformInit": ("mmengine.model.UniformInit", ""),
    "mmcv.cnn.VGG": ("mmcv.cnn.VGG", ""),
    "mmcv.cnn.XavierInit": ("mmengine.model.XavierInit", ""),
    # mmcv.cnn.alexnet
    "mmcv.cnn.alexnet.AlexNet": ("mmcv.cnn.AlexNet", ""),
    # mmcv.cnn
    "mmcv.cnn.bias_init_with_prob": ("mmengine.model.bias_init_with_prob", ""),
    # mmcv.cnn.bricks
    "mmcv.cnn.bricks.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.ContextBlock": ("mmcv.cnn.bricks.ContextBlock", ""),
    "mmcv.cnn.bricks.Conv2d": ("mmcv.cnn.bricks.Conv2d", ""),
    "mmcv.cnn.bricks.Conv2dAdaptivePadding": (
        "mmcv.cnn.bricks.Conv2dAdaptivePadding",
        "",
    ),
    "mmcv.cnn.bricks.Conv3d": ("mmcv.cnn.bricks.Conv3d", ""),
    "mmcv.cnn.bricks.ConvAWS2d": ("mmcv.cnn.bricks.ConvAWS2d", ""),
    "mmcv.cnn.bricks.ConvModule": ("mmcv.cnn.bricks.ConvModule", ""),
    "mmcv.cnn.bricks.ConvTranspose2d": ("mmcv.cnn.bricks.ConvTranspose2d", ""),
    "mmcv.cnn.bricks.ConvTranspose3d": ("mmcv.cnn.bricks.ConvTranspose3d", ""),
    "mmcv.cnn.bricks.ConvWS2d": ("mmcv.cnn.bricks.ConvWS2d", ""),
    "mmcv.cnn.bricks.DepthwiseSeparableConvModule": (
        "mmcv.cnn.bricks.DepthwiseSeparableConvModule",
        "",
    ),
    "mmcv.cnn.bricks.DropPath": ("mmcv.cnn.bricks.DropPath", ""),
    "mmcv.cnn.bricks.Dropout": ("mmcv.cnn.bricks.Dropout", ""),
    "mmcv.cnn.bricks.GeneralizedAttention": (
        "mmcv.cnn.bricks.GeneralizedAttention",
        "",
    ),
    "mmcv.cnn.bricks.HSigmoid": ("mmcv.cnn.bricks.HSigmoid", ""),
    "mmcv.cnn.bricks.HSwish": ("mmcv.cnn.bricks.HSwish", ""),
    "mmcv.cnn.bricks.Linear": ("mmcv.cnn.bricks.Linear", ""),
    "mmcv.cnn.bricks.MaxPool2d": ("mmcv.cnn.bricks.MaxPool2d", ""),
    "mmcv.cnn.bricks.MaxPool3d": ("mmcv.cnn.bricks.MaxPool3d", ""),
    "mmcv.cnn.bricks.NORM_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.NonLocal1d": ("mmcv.cnn.bricks.NonLocal1d", ""),
    "mmcv.cnn.bricks.NonLocal2d": ("mmcv.cnn.bricks.NonLocal2d", ""),
    "mmcv.cnn.bricks.NonLocal3d": ("mmcv.cnn.bricks.NonLocal3d", ""),
    "mmcv.cnn.bricks.PADDING_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.Scale": ("mmcv.cnn.bricks.Scale", ""),
    "mmcv.cnn.bricks.Swish": ("mmcv.cnn.bricks.Swish", ""),
    "mmcv.cnn.bricks.UPSAMPLE_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    # mmcv.cnn.bricks.activation
    "mmcv.cnn.bricks.activation.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.activation.Clamp": (
        None,
        "Clamp was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.bricks.activation.GELU": (
        None,
        "GELU was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.bricks.activation.build_activation_layer": (
        "mmcv.cnn.build_activation_layer",
        "",
    ),
    # mmcv.cnn.bricks
    "mmcv.cnn.bricks.build_activation_layer": (
        "mmcv.cnn.bricks.build_activation_layer",
        "",
    ),
    "mmcv.cnn.bricks.build_conv_layer": ("mmcv.cnn.bricks.build_conv_layer", ""),
    "mmcv.cnn.bricks.build_norm_layer": ("mmcv.cnn.bricks.build_norm_layer", ""),
    "mmcv.cnn.bricks.build_padding_layer": ("mmcv.cnn.bricks.build_padding_layer", ""),
    "mmcv.cnn.bricks.build_plugin_layer": ("mmcv.cnn.bricks.build_plugin_layer", ""),
    "mmcv.cnn.bricks.build_upsample_layer": (
        "mmcv.cnn.bricks.build_upsample_layer",
        "",
    ),
    # mmcv.cnn.bricks.context_block
    "mmcv.cnn.bricks.context_block.ContextBlock": ("mmcv.cnn.ContextBlock", ""),
    "mmcv.cnn.bricks.context_block.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.context_block.last_zero_init": (
        None,
        "last_zero_init was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.cnn.bricks.conv
    "mmcv.cnn.bricks.conv.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.conv.build_conv_layer": ("mmcv.cnn.build_conv_layer", ""),
    # mmcv.cnn.bricks.conv2d_adaptive_padding
    "mmcv.cnn.bricks.conv2d_adaptive_padding.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.conv2d_adaptive_padding.Conv2dAdaptivePadding": (
        "mmcv.cnn.bricks.Conv2dAdaptivePadding",
        "",
    ),
    # mmcv.cnn.bricks.conv_module
    "mmcv.cnn.bricks.conv_module.ConvModule": ("mmcv.cnn.ConvModule", ""),
    "mmcv.cnn.bricks.conv_module.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    # mmcv.cnn.bricks.conv_ws
    "mmcv.cnn.bricks.conv_ws.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.conv_ws.ConvAWS2d": ("mmcv.cnn.ConvAWS2d", ""),
    "mmcv.cnn.bricks.conv_ws.ConvWS2d": ("mmcv.cnn.ConvWS2d", ""),
    "mmcv.cnn.bricks.conv_ws.conv_ws_2d": ("mmcv.cnn.conv_ws_2d", ""),
    # mmcv.cnn.bricks
    "mmcv.cnn.bricks.conv_ws_2d": ("mmcv.cnn.bricks.conv_ws_2d", ""),
    # mmcv.cnn.bricks.depthwise_separable_conv_module
    "mmcv.cnn.bricks.depthwise_separable_conv_module.DepthwiseSeparableConvModule": (
        "mmcv.cnn.DepthwiseSeparableConvModule",
        "",
    ),
    # mmcv.cnn.bricks.drop
    "mmcv.cnn.bricks.drop.DROPOUT_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.drop.DropPath": ("mmcv.cnn.bricks.drop.DropPath", ""),
    "mmcv.cnn.bricks.drop.Dropout": ("mmcv.cnn.bricks.drop.Dropout", ""),
    "mmcv.cnn.bricks.drop.build_dropout": ("mmcv.cnn.bricks.drop.build_dropout", ""),
    "mmcv.cnn.bricks.drop.drop_path": ("mmcv.cnn.bricks.drop.drop_path", ""),
    # mmcv.cnn.bricks.generalized_attention
    "mmcv.cnn.bricks.generalized_attention.GeneralizedAttention": (
        "mmcv.cnn.GeneralizedAttention",
        "",
    ),
    "mmcv.cnn.bricks.generalized_attention.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    # mmcv.cnn.bricks.hsigmoid
    "mmcv.cnn.bricks.hsigmoid.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.hsigmoid.HSigmoid": ("mmcv.cnn.HSigmoid", ""),
    # mmcv.cnn.bricks.hswish
    "mmcv.cnn.bricks.hswish.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.hswish.HSwish": ("mmcv.cnn.HSwish", ""),
    # mmcv.cnn.bricks
    "mmcv.cnn.bricks.is_norm": ("mmcv.cnn.bricks.is_norm", ""),
    # mmcv.cnn.bricks.non_local
    "mmcv.cnn.bricks.non_local.NonLocal1d": ("mmcv.cnn.NonLocal1d", ""),
    "mmcv.cnn.bricks.non_local.NonLocal2d": ("mmcv.cnn.NonLocal2d", ""),
    "mmcv.cnn.bricks.non_local.NonLocal3d": ("mmcv.cnn.NonLocal3d", ""),
    "mmcv.cnn.bricks.non_local.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    # mmcv.cnn.bricks.norm
    "mmcv.cnn.bricks.norm.NORM_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.norm.build_norm_layer": ("mmcv.cnn.build_norm_layer", ""),
    "mmcv.cnn.bricks.norm.infer_abbr": (
        None,
        "infer_abbr was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.bricks.norm.is_norm": ("mmengine.utils.dl_utils.is_norm", ""),
    # mmcv.cnn.bricks.padding
    "mmcv.cnn.bricks.padding.PADDING_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.padding.build_padding_layer": ("mmcv.cnn.build_padding_layer", ""),
    # mmcv.cnn.bricks.plugin
    "mmcv.cnn.bricks.plugin.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.plugin.build_plugin_layer": ("mmcv.cnn.build_plugin_layer", ""),
    "mmcv.cnn.bricks.plugin.infer_abbr": (
        None,
        "infer_abbr was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.cnn.bricks.registry
    "mmcv.cnn.bricks.registry.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.ATTENTION": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.DROPOUT_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.FEEDFORWARD_NETWORK": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.NORM_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.PADDING_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.PLUGIN_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.POSITIONAL_ENCODING": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.TRANSFORMER_LAYER": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.TRANSFORMER_LAYER_SEQUENCE": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.registry.UPSAMPLE_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    # mmcv.cnn.bricks.scale
    "mmcv.cnn.bricks.scale.Scale": ("mmcv.cnn.Scale", ""),
    # mmcv.cnn.bricks.swish
    "mmcv.cnn.bricks.swish.ACTIVATION_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.swish.Swish": ("mmcv.cnn.Swish", ""),
    # mmcv.cnn.bricks.transformer
    "mmcv.cnn.bricks.transformer.ATTENTION": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.transformer.AdaptivePadding": (
        "mmcv.cnn.bricks.transformer.AdaptivePadding",
        "",
    ),
    "mmcv.cnn.bricks.transformer.BaseTransformerLayer": (
        "mmcv.cnn.bricks.transformer.BaseTransformerLayer",
        "",
    ),
    "mmcv.cnn.bricks.transformer.FEEDFORWARD_NETWORK": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.transformer.FFN": ("mmcv.cnn.bricks.transformer.FFN", ""),
    "mmcv.cnn.bricks.transformer.MultiheadAttention": (
        "mmcv.cnn.bricks.transformer.MultiheadAttention",
        "",
    ),
    "mmcv.cnn.bricks.transformer.POSITIONAL_ENCODING": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.transformer.PatchEmbed": (
        "mmcv.cnn.bricks.transformer.PatchEmbed",
        "",
    ),
    "mmcv.cnn.bricks.transformer.PatchMerging": (
        "mmcv.cnn.bricks.transformer.PatchMerging",
        "",
    ),
    "mmcv.cnn.bricks.transformer.TRANSFORMER_LAYER": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.transformer.TRANSFORMER_LAYER_SEQUENCE": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.transformer.TransformerLayerSequence": (
        "mmcv.cnn.bricks.transformer.TransformerLayerSequence",
        "",
    ),
    "mmcv.cnn.bricks.transformer.build_attention": (
        "mmcv.cnn.bricks.transformer.build_attention",
        "",
    ),
    "mmcv.cnn.bricks.transformer.build_feedforward_network": (
        "mmcv.cnn.bricks.transformer.build_feedforward_network",
        "",
    ),
    "mmcv.cnn.bricks.transformer.build_positional_encoding": (
        "mmcv.cnn.bricks.transformer.build_positional_encoding",
        "",
    ),
    "mmcv.cnn.bricks.transformer.build_transformer_layer": (
        "mmcv.cnn.bricks.transformer.build_transformer_layer",
        "",
    ),
    "mmcv.cnn.bricks.transformer.build_transformer_layer_sequence": (
        "mmcv.cnn.bricks.transformer.build_transformer_layer_sequence",
        "",
    ),
    # mmcv.cnn.bricks.upsample
    "mmcv.cnn.bricks.upsample.PixelShufflePack": (
        None,
        "PixelShufflePack was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.bricks.upsample.UPSAMPLE_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.upsample.build_upsample_layer": (
        "mmcv.cnn.build_upsample_layer",
        "",
    ),
    # mmcv.cnn.bricks.wrappers
    "mmcv.cnn.bricks.wrappers.CONV_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.wrappers.Conv2d": ("mmcv.cnn.bricks.wrappers.Conv2d", ""),
    "mmcv.cnn.bricks.wrappers.Conv3d": ("mmcv.cnn.bricks.wrappers.Conv3d", ""),
    "mmcv.cnn.bricks.wrappers.ConvTranspose2d": (
        "mmcv.cnn.bricks.wrappers.ConvTranspose2d",
        "",
    ),
    "mmcv.cnn.bricks.wrappers.ConvTranspose3d": (
        "mmcv.cnn.bricks.wrappers.ConvTranspose3d",
        "",
    ),
    "mmcv.cnn.bricks.wrappers.Linear": ("mmcv.cnn.bricks.wrappers.Linear", ""),
    "mmcv.cnn.bricks.wrappers.MaxPool2d": ("mmcv.cnn.bricks.wrappers.MaxPool2d", ""),
    "mmcv.cnn.bricks.wrappers.MaxPool3d": ("mmcv.cnn.bricks.wrappers.MaxPool3d", ""),
    "mmcv.cnn.bricks.wrappers.NewEmptyTensorOp": (
        "mmcv.cnn.bricks.wrappers.NewEmptyTensorOp",
        "",
    ),
    "mmcv.cnn.bricks.wrappers.UPSAMPLE_LAYERS": (
        "mmengine.registry.MODELS",
        "layer registries merged into MODELS: register/build through MODELS",
    ),
    "mmcv.cnn.bricks.wrappers.obsolete_torch_version": (
        "mmcv.cnn.bricks.wrappers.obsolete_torch_version",
        "",
    ),
    # mmcv.cnn
    "mmcv.cnn.build_activation_layer": ("mmcv.cnn.build_activation_layer", ""),
    "mmcv.cnn.build_conv_layer": ("mmcv.cnn.build_conv_layer", ""),
    "mmcv.cnn.build_model_from_cfg": (None, "use {root}.registry.MODELS.build(cfg)"),
    "mmcv.cnn.build_norm_layer": ("mmcv.cnn.build_norm_layer", ""),
    "mmcv.cnn.build_padding_layer": ("mmcv.cnn.build_padding_layer", ""),
    "mmcv.cnn.build_plugin_layer": ("mmcv.cnn.build_plugin_layer", ""),
    "mmcv.cnn.build_upsample_layer": ("mmcv.cnn.build_upsample_layer", ""),
    # mmcv.cnn.builder
    "mmcv.cnn.builder.MODELS": ("mmengine.registry.MODELS", ""),
    "mmcv.cnn.builder.build_model_from_cfg": (
        None,
        "use {root}.registry.MODELS.build(cfg)",
    ),
    # mmcv.cnn
    "mmcv.cnn.caffe2_xavier_init": ("mmengine.model.caffe2_xavier_init", ""),
    "mmcv.cnn.constant_init": ("mmengine.model.constant_init", ""),
    "mmcv.cnn.conv_ws_2d": ("mmcv.cnn.conv_ws_2d", ""),
    "mmcv.cnn.fuse_conv_bn": ("mmcv.cnn.fuse_conv_bn", ""),
    "mmcv.cnn.get_model_complexity_info": ("mmcv.cnn.get_model_complexity_info", ""),
    "mmcv.cnn.initialize": ("mmengine.model.initialize", ""),
    "mmcv.cnn.is_norm": ("mmcv.cnn.is_norm", ""),
    "mmcv.cnn.kaiming_init": ("mmengine.model.kaiming_init", ""),
    "mmcv.cnn.make_res_layer": ("mmcv.cnn.make_res_layer", ""),
    "mmcv.cnn.make_vgg_layer": ("mmcv.cnn.make_vgg_layer", ""),
    "mmcv.cnn.normal_init": ("mmengine.model.normal_init", ""),
    # mmcv.cnn.resnet
    "mmcv.cnn.resnet.BasicBlock": (
        None,
        "BasicBlock was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.resnet.Bottleneck": (
        None,
        "Bottleneck was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.resnet.ResNet": ("mmcv.cnn.ResNet", ""),
    "mmcv.cnn.resnet.conv3x3": (None, "conv3x3 was removed in MMCV 2.x / MMEngine"),
    "mmcv.cnn.resnet.make_res_layer": ("mmcv.cnn.make_res_layer", ""),
    # mmcv.cnn.rfsearch
    "mmcv.cnn.rfsearch.BaseConvRFSearchOp": (
        None,
        "BaseConvRFSearchOp was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.rfsearch.Conv2dRFSearchOp": ("mmcv.cnn.Conv2dRFSearchOp", ""),
    "mmcv.cnn.rfsearch.RFSearchHook": ("mmcv.cnn.RFSearchHook", ""),
    # mmcv.cnn.rfsearch.operator
    "mmcv.cnn.rfsearch.operator.BaseConvRFSearchOp": (
        None,
        "BaseConvRFSearchOp was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.rfsearch.operator.Conv2dRFSearchOp": ("mmcv.cnn.Conv2dRFSearchOp", ""),
    # mmcv.cnn.rfsearch.search
    "mmcv.cnn.rfsearch.search.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.cnn.rfsearch.search.RFSearchHook": ("mmcv.cnn.RFSearchHook", ""),
    # mmcv.cnn.rfsearch.utils
    "mmcv.cnn.rfsearch.utils.expand_rates": (
        None,
        "expand_rates was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.rfsearch.utils.get_single_padding": (
        None,
        "get_single_padding was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.rfsearch.utils.write_to_json": (
        None,
        "write_to_json was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.cnn
    "mmcv.cnn.trunc_normal_init": ("mmengine.model.trunc_normal_init", ""),
    "mmcv.cnn.uniform_init": ("mmengine.model.uniform_init", ""),
    # mmcv.cnn.utils
    "mmcv.cnn.utils.Caffe2XavierInit": ("mmengine.model.Caffe2XavierInit", ""),
    "mmcv.cnn.utils.ConstantInit": ("mmengine.model.ConstantInit", ""),
    "mmcv.cnn.utils.INITIALIZERS": (
        "mmengine.registry.WEIGHT_INITIALIZERS",
        "renamed: INITIALIZERS -> WEIGHT_INITIALIZERS",
    ),
    "mmcv.cnn.utils.KaimingInit": ("mmengine.model.KaimingInit", ""),
    "mmcv.cnn.utils.NormalInit": ("mmengine.model.NormalInit", ""),
    "mmcv.cnn.utils.PretrainedInit": ("mmengine.model.PretrainedInit", ""),
    "mmcv.cnn.utils.TruncNormalInit": ("mmengine.model.TruncNormalInit", ""),
    "mmcv.cnn.utils.UniformInit": ("mmengine.model.UniformInit", ""),
    "mmcv.cnn.utils.XavierInit": ("mmengine.model.XavierInit", ""),
    "mmcv.cnn.utils.bias_init_with_prob": ("mmengine.model.bias_init_with_prob", ""),
    "mmcv.cnn.utils.caffe2_xavier_init": ("mmengine.model.caffe2_xavier_init", ""),
    "mmcv.cnn.utils.constant_init": ("mmengine.model.constant_init", ""),
    # mmcv.cnn.utils.flops_counter
    "mmcv.cnn.utils.flops_counter.add_batch_counter_hook_function": (
        None,
        "add_batch_counter_hook_function was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.add_batch_counter_variables_or_reset": (
        None,
        "add_batch_counter_variables_or_reset was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.add_flops_counter_variable_or_reset": (
        None,
        "add_flops_counter_variable_or_reset was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.add_flops_counting_methods": (
        None,
        "add_flops_counting_methods was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.batch_counter_hook": (
        None,
        "batch_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.compute_average_flops_cost": (
        None,
        "compute_average_flops_cost was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.conv_flops_counter_hook": (
        None,
        "conv_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.deconv_flops_counter_hook": (
        None,
        "deconv_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.empty_flops_counter_hook": (
        None,
        "empty_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.flops_to_string": (
        None,
        "flops_to_string was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.get_model_complexity_info": (
        "mmengine.analysis.get_model_complexity_info",
        "",
    ),
    "mmcv.cnn.utils.flops_counter.get_model_parameters_number": (
        None,
        "get_model_parameters_number was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.get_modules_mapping": (
        None,
        "get_modules_mapping was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.is_supported_instance": (
        None,
        "is_supported_instance was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.linear_flops_counter_hook": (
        None,
        "linear_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.norm_flops_counter_hook": (
        None,
        "norm_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.params_to_string": (
        None,
        "params_to_string was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.pool_flops_counter_hook": (
        None,
        "pool_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.print_model_with_flops": (
        None,
        "print_model_with_flops was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.relu_flops_counter_hook": (
        None,
        "relu_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.remove_batch_counter_hook_function": (
        None,
        "remove_batch_counter_hook_function was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.remove_flops_counter_hook_function": (
        None,
        "remove_flops_counter_hook_function was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.reset_flops_count": (
        None,
        "reset_flops_count was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.start_flops_count": (
        None,
        "start_flops_count was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.stop_flops_count": (
        None,
        "stop_flops_count was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.cnn.utils.flops_counter.upsample_flops_counter_hook": (
        None,
        "upsample_flops_counter_hook was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.cnn.utils
    "mmcv.cnn.utils.fuse_conv_bn": ("mmcv.cnn.utils.fuse_conv_bn", ""),
    # mmcv.cnn.utils.fuse_conv_bn
    "mmcv.cnn.utils.fuse_conv_bn.fuse_conv_bn": ("mmcv.cnn.fuse_conv_bn", ""),
    # mmcv.cnn.utils
    "mmcv.cnn.utils.get_model_complexity_info": (
        "mmcv.cnn.utils.get_model_complexity_info",
        "",
    ),
    "mmcv.cnn.utils.initialize": ("mmengine.model.initialize", ""),
    "mmcv.cnn.utils.kaiming_init": ("mmengine.model.kaiming_init", ""),
    "mmcv.cnn.utils.normal_init": ("mmengine.model.normal_init", ""),
    "mmcv.cnn.utils.revert_sync_batchnorm": (
        "mmengine.model.revert_sync_batchnorm",
        "",
    ),
    # mmcv.cnn.utils.sync_bn
    "mmcv.cnn.utils.sync_bn.revert_sync_batchnorm": (
        "mmengine.model.revert_sync_batchnorm",
        "",
    ),
    # mmcv.cnn.utils
    "mmcv.cnn.utils.trunc_normal_init": ("mmengine.model.trunc_normal_init", ""),
    "mmcv.cnn.utils.uniform_init": ("mmengine.model.uniform_init", ""),
    # mmcv.cnn.utils.weight_init
    "mmcv.cnn.utils.weight_init.BaseInit": ("mmengine.model.BaseInit", ""),
    "mmcv.cnn.utils.weight_init.Caffe2XavierInit": (
        "mmengine.model.Caffe2XavierInit",
        "",
    ),
    "mmcv.cnn.utils.weight_init.ConstantInit": ("mmengine.model.ConstantInit", ""),
    "mmcv.cnn.utils.weight_init.INITIALIZERS": (
        "mmengine.registry.WEIGHT_INITIALIZERS",
        "renamed: INITIALIZERS -> WEIGHT_INITIALIZERS",
    ),
    "mmcv.cnn.utils.weight_init.KaimingInit": ("mmengine.model.KaimingInit", ""),
    "mmcv.cnn.utils.weight_init.NormalInit": ("mmengine.model.NormalInit", ""),
    "mmcv.cnn.utils.weight_init.PretrainedInit": ("mmengine.model.PretrainedInit", ""),
    "mmcv.cnn.utils.weight_init.TruncNormalInit": (
        "mmengine.model.TruncNormalInit",
        "",
    ),
    "mmcv.cnn.utils.weight_init.UniformInit": ("mmengine.model.UniformInit", ""),
    "mmcv.cnn.utils.weight_init.XavierInit": ("mmengine.model.XavierInit", ""),
    "mmcv.cnn.utils.weight_init.bias_init_with_prob": (
        "mmengine.model.bias_init_with_prob",
        "",
    ),
    "mmcv.cnn.utils.weight_init.caffe2_xavier_init": (
        "mmengine.model.caffe2_xavier_init",
        "",
    ),
    "mmcv.cnn.utils.weight_init.constant_init": ("mmengine.model.constant_init", ""),
    "mmcv.cnn.utils.weight_init.initialize": ("mmengine.model.initialize", ""),
    "mmcv.cnn.utils.weight_init.kaiming_init": ("mmengine.model.kaiming_init", ""),
    "mmcv.cnn.utils.weight_init.normal_init": ("mmengine.model.normal_init", ""),
    "mmcv.cnn.utils.weight_init.trunc_normal_": (
        "mmengine.model.weight_init.trunc_normal_",
        "",
    ),
    "mmcv.cnn.utils.weight_init.trunc_normal_init": (
        "mmengine.model.trunc_normal_init",
        "",
    ),
    "mmcv.cnn.utils.weight_init.uniform_init": ("mmengine.model.uniform_init", ""),
    "mmcv.cnn.utils.weight_init.update_init_info": (
        "mmengine.model.update_init_info",
        "",
    ),
    "mmcv.cnn.utils.weight_init.xavier_init": ("mmengine.model.xavier_init", ""),
    # mmcv.cnn.utils
    "mmcv.cnn.utils.xavier_init": ("mmengine.model.xavier_init", ""),
    # mmcv.cnn.vgg
    "mmcv.cnn.vgg.VGG": ("mmcv.cnn.VGG", ""),
    "mmcv.cnn.vgg.conv3x3": (None, "conv3x3 was removed in MMCV 2.x / MMEngine"),
    "mmcv.cnn.vgg.make_vgg_layer": ("mmcv.cnn.make_vgg_layer", ""),
    # mmcv.cnn
    "mmcv.cnn.xavier_init": ("mmengine.model.xavier_init", ""),
    # mmcv
    "mmcv.collect_env": ("mmengine.utils.dl_utils.collect_env", ""),
    "mmcv.color_val": ("mmcv.color_val", ""),
    "mmcv.concat_list": ("mmengine.utils.concat_list", ""),
    "mmcv.concat_video": ("mmcv.concat_video", ""),
    "mmcv.convert_video": ("mmcv.convert_video", ""),
    "mmcv.cut_video": ("mmcv.cut_video", ""),
    "mmcv.cutout": ("mmcv.cutout", ""),
    "mmcv.deprecated_api_warning": ("mmengine.utils.deprecated_api_warning", ""),
    "mmcv.dequantize": ("mmcv.dequantize", ""),
    "mmcv.dequantize_flow": ("mmcv.dequantize_flow", ""),
    "mmcv.dict_from_file": ("mmengine.fileio.dict_from_file", ""),
    "mmcv.digit_version": ("mmengine.utils.digit_version", ""),
    "mmcv.dump": ("mmengine.fileio.dump", ""),
    # mmcv.engine
    "mmcv.engine.collect_results_cpu": ("mmengine.dist.collect_results_cpu", ""),
    "mmcv.engine.collect_results_gpu": ("mmengine.dist.collect_results_gpu", ""),
    "mmcv.engine.multi_gpu_test": (
        None,
        "use runner.test() (TestLoop + test_evaluator)",
    ),
    "mmcv.engine.single_gpu_test": (
        None,
        "use runner.test() (TestLoop + test_evaluator)",
    ),
    # mmcv.engine.test
    "mmcv.engine.test.collect_results_cpu": ("mmengine.dist.collect_results_cpu", ""),
    "mmcv.engine.test.collect_results_gpu": ("mmengine.dist.collect_results_gpu", ""),
    "mmcv.engine.test.multi_gpu_test": (
        None,
        "use runner.test() (TestLoop + test_evaluator)",
    ),
    "mmcv.engine.test.single_gpu_test": (
        None,
        "use runner.test() (TestLoop + test_evaluator)",
    ),
    # mmcv.fileio
    "mmcv.fileio.BaseFileHandler": ("mmengine.fileio.BaseFileHandler", ""),
    "mmcv.fileio.BaseStorageBackend": ("mmengine.fileio.BaseStorageBackend", ""),
    "mmcv.fileio.FileClient": ("mmengine.fileio.FileClient", ""),
    "mmcv.fileio.JsonHandler": ("mmengine.fileio.JsonHandler", ""),
    "mmcv.fileio.PickleHandler": ("mmengine.fileio.PickleHandler", ""),
    "mmcv.fileio.YamlHandler": ("mmengine.fileio.YamlHandler", ""),
    "mmcv.fileio.dict_from_file": ("mmengine.fileio.dict_from_file", ""),
    "mmcv.fileio.dump": ("mmengine.fileio.dump", ""),
    # mmcv.fileio.file_client
    "mmcv.fileio.file_client.BaseStorageBackend": (
        "mmengine.fileio.BaseStorageBackend",
        "",
    ),
    "mmcv.fileio.file_client.CephBackend": (
        None,
        "CephBackend was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.fileio.file_client.FileClient": ("mmengine.fileio.FileClient", ""),
    "mmcv.fileio.file_client.HTTPBackend": ("mmengine.fileio.HTTPBackend", ""),
    "mmcv.fileio.file_client.HardDiskBackend": ("mmengine.fileio.HardDiskBackend", ""),
    "mmcv.fileio.file_client.LmdbBackend": ("mmengine.fileio.LmdbBackend", ""),
    "mmcv.fileio.file_client.MemcachedBackend": (
        "mmengine.fileio.MemcachedBackend",
        "",
    ),
    "mmcv.fileio.file_client.PetrelBackend": ("mmengine.fileio.PetrelBackend", ""),
    # mmcv.fileio.handlers
    "mmcv.fileio.handlers.BaseFileHandler": ("mmengine.fileio.BaseFileHandler", ""),
    "mmcv.fileio.handlers.JsonHandler": ("mmengine.fileio.JsonHandler", ""),
    "mmcv.fileio.handlers.PickleHandler": ("mmengine.fileio.PickleHandler", ""),
    "mmcv.fileio.handlers.YamlHandler": ("mmengine.fileio.YamlHandler", ""),
    # mmcv.fileio.handlers.base
    "mmcv.fileio.handlers.base.BaseFileHandler": (
        "mmengine.fileio.BaseFileHandler",
        "",
    ),
    # mmcv.fileio.handlers.json_handler
    "mmcv.fileio.handlers.json_handler.JsonHandler": (
        "mmengine.fileio.JsonHandler",
        "",
    ),
    "mmcv.fileio.handlers.json_handler.set_default": (
        None,
        "set_default was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.fileio.handlers.pickle_handler
    "mmcv.fileio.handlers.pickle_handler.PickleHandler": (
        "mmengine.fileio.PickleHandler",
        "",
    ),
    # mmcv.fileio.handlers.yaml_handler
    "mmcv.fileio.handlers.yaml_handler.YamlHandler": (
        "mmengine.fileio.YamlHandler",
        "",
    ),
    # mmcv.fileio.io
    "mmcv.fileio.io.dump": ("mmengine.fileio.dump", ""),
    "mmcv.fileio.io.load": ("mmengine.fileio.load", ""),
    "mmcv.fileio.io.register_handler": ("mmengine.fileio.register_handler", ""),
    # mmcv.fileio
    "mmcv.fileio.list_from_file": ("mmengine.fileio.list_from_file", ""),
    "mmcv.fileio.load": ("mmengine.fileio.load", ""),
    # mmcv.fileio.parse
    "mmcv.fileio.parse.dict_from_file": ("mmengine.fileio.dict_from_file", ""),
    "mmcv.fileio.parse.list_from_file": ("mmengine.fileio.list_from_file", ""),
    # mmcv.fileio
    "mmcv.fileio.register_handler": ("mmengine.fileio.register_handler", ""),
    # mmcv
    "mmcv.flow2rgb": ("mmcv.flow2rgb", ""),
    "mmcv.flow_from_bytes": ("mmcv.flow_from_bytes", ""),
    "mmcv.flow_warp": ("mmcv.flow_warp", ""),
    "mmcv.flowread": ("mmcv.flowread", ""),
    "mmcv.flowshow": ("mmcv.flowshow", ""),
    "mmcv.flowwrite": ("mmcv.flowwrite", ""),
    "mmcv.fopen": ("mmengine.utils.fopen", ""),
    "mmcv.frames2video": ("mmcv.frames2video", ""),
    "mmcv.get_build_config": (
        None,
        "get_build_config was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.get_git_hash": ("mmengine.utils.get_git_hash", ""),
    "mmcv.get_logger": (
        None,
        "use {root}.logging.MMLogger.get_instance(name, log_file=..., log_level=...)",
    ),
    "mmcv.gray2bgr": ("mmcv.gray2bgr", ""),
    "mmcv.gray2rgb": ("mmcv.gray2rgb", ""),
    "mmcv.has_method": ("mmengine.utils.has_method", ""),
    "mmcv.hls2bgr": ("mmcv.hls2bgr", ""),
    "mmcv.hsv2bgr": ("mmcv.hsv2bgr", ""),
    "mmcv.imconvert": ("mmcv.imconvert", ""),
    "mmcv.imcrop": ("mmcv.imcrop", ""),
    "mmcv.imdenormalize": ("mmcv.imdenormalize", ""),
    "mmcv.imequalize": ("mmcv.imequalize", ""),
    "mmcv.imflip": ("mmcv.imflip", ""),
    "mmcv.imflip_": ("mmcv.imflip_", ""),
    "mmcv.imfrombytes": ("mmcv.imfrombytes", ""),
    "mmcv.iminvert": ("mmcv.iminvert", ""),
    "mmcv.imnormalize": ("mmcv.imnormalize", ""),
    "mmcv.imnormalize_": ("mmcv.imnormalize_", ""),
    "mmcv.impad": ("mmcv.impad", ""),
    "mmcv.impad_to_multiple": ("mmcv.impad_to_multiple", ""),
    "mmcv.import_modules_from_strings": (
        "mmengine.utils.import_modules_from_strings",
        "",
    ),
    "mmcv.imread": ("mmcv.imread", ""),
    "mmcv.imrescale": ("mmcv.imrescale", ""),
    "mmcv.imresize": ("mmcv.imresize", ""),
    "mmcv.imresize_like": ("mmcv.imresize_like", ""),
    "mmcv.imresize_to_multiple": ("mmcv.imresize_to_multiple", ""),
    "mmcv.imrotate": ("mmcv.imrotate", ""),
    "mmcv.imshear": ("mmcv.imshear", ""),
    "mmcv.imshow": ("mmcv.imshow", ""),
    "mmcv.imshow_bboxes": ("mmcv.imshow_bboxes", ""),
    "mmcv.imshow_det_bboxes": ("mmcv.imshow_det_bboxes", ""),
    "mmcv.imtranslate": ("mmcv.imtranslate", ""),
    "mmcv.imwrite": ("mmcv.imwrite", ""),
    "mmcv.is_filepath": ("mmengine.utils.is_filepath", ""),
    "mmcv.is_jit_tracing": ("mmengine.utils.dl_utils.is_jit_tracing", ""),
    "mmcv.is_list_of": ("mmengine.utils.is_list_of", ""),
    "mmcv.is_method_overridden": ("mmengine.utils.is_method_overridden", ""),
    "mmcv.is_rocm_pytorch": (
        None,
        "is_rocm_pytorch was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.is_seq_of": ("mmengine.utils.is_seq_of", ""),
    "mmcv.is_str": ("mmengine.utils.is_str", ""),
    "mmcv.is_tuple_of": ("mmengine.utils.is_tuple_of", ""),
    "mmcv.iter_cast": ("mmengine.utils.iter_cast", ""),
    "mmcv.jit": (
        None,
        "mmcv.jit only acted under parrots (a no-op under PyTorch): drop it",
    ),
    "mmcv.list_cast": ("mmengine.utils.list_cast", ""),
    "mmcv.list_from_file": ("mmengine.fileio.list_from_file", ""),
    "mmcv.load": ("mmengine.fileio.load", ""),
    "mmcv.load_url": ("mmengine.utils.dl_utils.load_url", ""),
    "mmcv.lut_transform": ("mmcv.lut_transform", ""),
    "mmcv.make_color_wheel": ("mmcv.make_color_wheel", ""),
    "mmcv.mkdir_or_exist": ("mmengine.utils.mkdir_or_exist", ""),
    # mmcv.parallel
    "mmcv.parallel.DataContainer": (
        None,
        "DataContainer was removed: collate with {root}.dataset.pseudo_collate and pack per-sample metadata into data samples",
    ),
    "mmcv.parallel.MMDataParallel": (
        None,
        "single-device training needs no wrapper: the runner moves the model to the device (drop the MMDataParallel call)",
    ),
    "mmcv.parallel.MMDistributedDataParallel": (
        "mmengine.model.MMDistributedDataParallel",
        "the new wrapper's train_step(data, optim_wrapper) drives the OptimWrapper; the runner wraps the model itself when launcher != 'none'",
    ),
    "mmcv.parallel.MODULE_WRAPPERS": (
        "mmengine.registry.MODEL_WRAPPERS",
        "renamed: MODULE_WRAPPERS -> MODEL_WRAPPERS",
    ),
    # mmcv.parallel._functions
    "mmcv.parallel._functions.Scatter": (
        None,
        "Scatter was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.parallel._functions.get_input_device": (
        None,
        "get_input_device was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.parallel._functions.scatter": (
        None,
        "the model's data_preprocessor moves batches to the device",
    ),
    "mmcv.parallel._functions.synchronize_stream": (
        None,
        "synchronize_stream was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.parallel
    "mmcv.parallel.collate": (
        None,
        "use {root}.dataset.pseudo_collate (lists, no stacking) or default_collate; DataContainer padding is gone",
    ),
    # mmcv.parallel.collate
    "mmcv.parallel.collate.collate": (
        None,
        "use {root}.dataset.pseudo_collate (lists, no stacking) or default_collate; DataContainer padding is gone",
    ),
    # mmcv.parallel.data_container
    "mmcv.parallel.data_container.DataContainer": (
        None,
        "DataContainer was removed: collate with {root}.dataset.pseudo_collate and pack per-sample metadata into data samples",
    ),
    "mmcv.parallel.data_container.assert_tensor_type": (
        None,
        "assert_tensor_type was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.parallel.data_parallel
    "mmcv.parallel.data_parallel.MMDataParallel": (
        None,
        "single-device training needs no wrapper: the runner moves the model to the device (drop the MMDataParallel call)",
    ),
    # mmcv.parallel.distributed
    "mmcv.parallel.distributed.MMDistributedDataParallel": (
        "mmengine.model.MMDistributedDataParallel",
        "the new wrapper's train_step(data, optim_wrapper) drives the OptimWrapper; the runner wraps the model itself when launcher != 'none'",
    ),
    # mmcv.parallel.distributed_deprecated
    "mmcv.parallel.distributed_deprecated.MMDistributedDataParallel": (
        "mmengine.model.MMDistributedDataParallel",
        "the new wrapper's train_step(data, optim_wrapper) drives the OptimWrapper; the runner wraps the model itself when launcher != 'none'",
    ),
    "mmcv.parallel.distributed_deprecated.MODULE_WRAPPERS": (
        "mmengine.registry.MODEL_WRAPPERS",
        "renamed: MODULE_WRAPPERS -> MODEL_WRAPPERS",
    ),
    # mmcv.parallel
    "mmcv.parallel.is_module_wrapper": (
        "mmengine.model.is_model_wrapper",
        "renamed: is_module_wrapper -> is_model_wrapper",
    ),
    # mmcv.parallel.registry
    "mmcv.parallel.registry.MODULE_WRAPPERS": (
        "mmengine.registry.MODEL_WRAPPERS",
        "renamed: MODULE_WRAPPERS -> MODEL_WRAPPERS",
    ),
    # mmcv.parallel
    "mmcv.parallel.scatter": (
        None,
        "the model's data_preprocessor moves batches to the device",
    ),
    # mmcv.parallel.scatter_gather
    "mmcv.parallel.scatter_gather.scatter": (
        None,
        "the model's data_preprocessor moves batches to the device",
    ),
    "mmcv.parallel.scatter_gather.scatter_kwargs": (
        None,
        "the model's data_preprocessor moves batches to the device",
    ),
    # mmcv.parallel
    "mmcv.parallel.scatter_kwargs": (
        None,
        "the model's data_preprocessor moves batches to the device",
    ),
    # mmcv.parallel.utils
    "mmcv.parallel.utils.MODULE_WRAPPERS": (
        "mmengine.registry.MODEL_WRAPPERS",
        "renamed: MODULE_WRAPPERS -> MODEL_WRAPPERS",
    ),
    "mmcv.parallel.utils.is_module_wrapper": (
        "mmengine.model.is_model_wrapper",
        "renamed: is_module_wrapper -> is_model_wrapper",
    ),
    # mmcv
    "mmcv.parse_version_info": ("mmcv.parse_version_info", ""),
    "mmcv.posterize": ("mmcv.posterize", ""),
    "mmcv.print_log": ("mmengine.logging.print_log", ""),
    "mmcv.quantize": ("mmcv.quantize", ""),
    "mmcv.quantize_flow": ("mmcv.quantize_flow", ""),
    "mmcv.register_handler": ("mmengine.fileio.register_handler", ""),
    "mmcv.requires_executable": ("mmengine.utils.requires_executable", ""),
    "mmcv.requires_package": ("mmengine.utils.requires_package", ""),
    "mmcv.rescale_size": ("mmcv.rescale_size", ""),
    "mmcv.resize_video": ("mmcv.resize_video", ""),
    "mmcv.rgb2bgr": ("mmcv.rgb2bgr", ""),
    "mmcv.rgb2gray": ("mmcv.rgb2gray", ""),
    "mmcv.rgb2ycbcr": ("mmcv.rgb2ycbcr", ""),
    # mmcv.runner
    "mmcv.runner.BaseModule": ("mmengine.model.BaseModule", ""),
    "mmcv.runner.BaseRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.CheckpointHook": ("mmengine.hooks.CheckpointHook", ""),
    "mmcv.runner.CheckpointLoader": ("mmengine.runner.CheckpointLoader", ""),
    "mmcv.runner.ClearMLLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='ClearMLVisBackend')])",
    ),
    "mmcv.runner.ClosureHook": (
        None,
        "subclass {root}.hooks.Hook and override the point",
    ),
    "mmcv.runner.CosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.CosineAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.CosineRestartLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.CyclicLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.CyclicMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.DefaultOptimizerConstructor": (
        "mmengine.optim.DefaultOptimWrapperConstructor",
        "renamed: it now builds an OptimWrapper from optim_wrapper=dict(...)",
    ),
    "mmcv.runner.DefaultRunnerConstructor": (
        None,
        "use {root}.runner.Runner.from_cfg(cfg)",
    ),
    "mmcv.runner.DistEvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    "mmcv.runner.DistSamplerSeedHook": ("mmengine.hooks.DistSamplerSeedHook", ""),
    "mmcv.runner.DvcliveLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='DVCLiveVisBackend')])",
    ),
    "mmcv.runner.EMAHook": (
        "mmengine.hooks.EMAHook",
        "arguments changed: MMCV momentum/warm_up become ema_type='ExponentialMovingAverage', momentum=..., begin_iter=...",
    ),
    "mmcv.runner.EpochBasedRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.EvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    "mmcv.runner.ExpLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.FixedLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.FlatCosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.Fp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.GradientCumulativeFp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.GradientCumulativeOptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.Hook": ("mmengine.hooks.Hook", ""),
    "mmcv.runner.InvLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.IterBasedRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.IterLoader": (None, "IterLoader was removed in MMCV 2.x / MMEngine"),
    "mmcv.runner.IterTimerHook": ("mmengine.hooks.IterTimerHook", ""),
    "mmcv.runner.LinearAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.LinearAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.LogBuffer": (
        None,
        "use runner.message_hub.update_scalar(key, value) / get_scalar(key)",
    ),
    "mmcv.runner.LoggerHook": (
        "mmengine.hooks.LoggerHook",
        "the new LoggerHook is the one concrete logger (interval=...); MMCV LoggerHook subclasses need a vis backend instead",
    ),
    "mmcv.runner.LossScaler": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    "mmcv.runner.LrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.MlflowLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='MLflowVisBackend')])",
    ),
    "mmcv.runner.ModuleDict": ("mmengine.model.ModuleDict", ""),
    "mmcv.runner.ModuleList": ("mmengine.model.ModuleList", ""),
    "mmcv.runner.MomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.NeptuneLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='NeptuneVisBackend')])",
    ),
    "mmcv.runner.OPTIMIZERS": ("mmengine.registry.OPTIMIZERS", ""),
    "mmcv.runner.OPTIMIZER_BUILDERS": (
        "mmengine.registry.OPTIM_WRAPPER_CONSTRUCTORS",
        "renamed: OPTIMIZER_BUILDERS -> OPTIM_WRAPPER_CONSTRUCTORS",
    ),
    "mmcv.runner.OneCycleLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.OneCycleMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.PaviLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.PolyLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.Priority": ("mmengine.runner.Priority", ""),
    "mmcv.runner.RUNNERS": ("mmengine.registry.RUNNERS", ""),
    "mmcv.runner.Runner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.SegmindLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.Sequential": ("mmengine.model.Sequential", ""),
    "mmcv.runner.StepLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.StepMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.SyncBuffersHook": ("mmengine.hooks.SyncBuffersHook", ""),
    "mmcv.runner.TensorboardLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='TensorboardVisBackend')])",
    ),
    "mmcv.runner.TextLoggerHook": (
        None,
        "use default_hooks=dict(logger=dict(type='LoggerHook', interval=...))",
    ),
    "mmcv.runner.WandbLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='WandbVisBackend')])",
    ),
    "mmcv.runner._load_checkpoint": (
        "mmengine.runner.checkpoint._load_checkpoint",
        "private helper; prefer {root}.runner.load_checkpoint",
    ),
    "mmcv.runner._load_checkpoint_with_prefix": (
        "mmengine.runner.checkpoint._load_checkpoint_with_prefix",
        "private helper",
    ),
    "mmcv.runner.allreduce_grads": (
        None,
        "gradients are reduced by DistributedDataParallel; use {root}.dist.all_reduce for custom tensors",
    ),
    "mmcv.runner.allreduce_params": (
        "mmengine.dist.all_reduce_params",
        "renamed: allreduce_params -> all_reduce_params",
    ),
    "mmcv.runner.auto_fp16": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    # mmcv.runner.base_module
    "mmcv.runner.base_module.BaseModule": ("mmengine.model.BaseModule", ""),
    "mmcv.runner.base_module.ModuleDict": ("mmengine.model.ModuleDict", ""),
    "mmcv.runner.base_module.ModuleList": ("mmengine.model.ModuleList", ""),
    "mmcv.runner.base_module.Sequential": ("mmengine.model.Sequential", ""),
    # mmcv.runner.base_runner
    "mmcv.runner.base_runner.BaseRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.base_runner.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner
    "mmcv.runner.build_optimizer": (
        "mmengine.optim.build_optim_wrapper",
        "build_optim_wrapper(model, cfg) takes an optim_wrapper config and returns an OptimWrapper (its .optimizer is the torch optimizer)",
    ),
    "mmcv.runner.build_optimizer_constructor": (
        None,
        "use {root}.registry.OPTIM_WRAPPER_CONSTRUCTORS.build(cfg)",
    ),
    "mmcv.runner.build_runner": (None, "use {root}.runner.Runner.from_cfg(cfg)"),
    # mmcv.runner.builder
    "mmcv.runner.builder.RUNNERS": ("mmengine.registry.RUNNERS", ""),
    "mmcv.runner.builder.RUNNER_BUILDERS": (
        "mmengine.registry.RUNNER_CONSTRUCTORS",
        "renamed: RUNNER_BUILDERS -> RUNNER_CONSTRUCTORS",
    ),
    "mmcv.runner.builder.build_runner": (
        None,
        "use {root}.runner.Runner.from_cfg(cfg)",
    ),
    "mmcv.runner.builder.build_runner_constructor": (
        None,
        "use {root}.runner.Runner.from_cfg(cfg)",
    ),
    # mmcv.runner.checkpoint
    "mmcv.runner.checkpoint.CheckpointLoader": ("mmengine.runner.CheckpointLoader", ""),
    "mmcv.runner.checkpoint.get_deprecated_model_names": (
        "mmengine.runner.get_deprecated_model_names",
        "",
    ),
    "mmcv.runner.checkpoint.get_external_models": (
        "mmengine.runner.get_external_models",
        "",
    ),
    "mmcv.runner.checkpoint.get_mmcls_models": ("mmengine.runner.get_mmcls_models", ""),
    "mmcv.runner.checkpoint.get_state_dict": ("mmengine.runner.get_state_dict", ""),
    "mmcv.runner.checkpoint.get_torchvision_models": (
        "mmengine.runner.get_torchvision_models",
        "",
    ),
    "mmcv.runner.checkpoint.load_checkpoint": ("mmengine.runner.load_checkpoint", ""),
    "mmcv.runner.checkpoint.load_from_ceph": (
        None,
        "load_from_ceph was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_http": (
        None,
        "load_from_http was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_local": (
        None,
        "load_from_local was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_mmcls": (
        None,
        "load_from_mmcls was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_openmmlab": (
        None,
        "load_from_openmmlab was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_pavi": (
        None,
        "load_from_pavi was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_from_torchvision": (
        None,
        "load_from_torchvision was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.checkpoint.load_state_dict": ("mmengine.runner.load_state_dict", ""),
    "mmcv.runner.checkpoint.save_checkpoint": ("mmengine.runner.save_checkpoint", ""),
    "mmcv.runner.checkpoint.weights_to_cpu": ("mmengine.runner.weights_to_cpu", ""),
    # mmcv.runner.default_constructor
    "mmcv.runner.default_constructor.DefaultRunnerConstructor": (
        None,
        "use {root}.runner.Runner.from_cfg(cfg)",
    ),
    "mmcv.runner.default_constructor.RUNNERS": ("mmengine.registry.RUNNERS", ""),
    "mmcv.runner.default_constructor.RUNNER_BUILDERS": (
        "mmengine.registry.RUNNER_CONSTRUCTORS",
        "renamed: RUNNER_BUILDERS -> RUNNER_CONSTRUCTORS",
    ),
    # mmcv.runner.dist_utils
    "mmcv.runner.dist_utils.allreduce_grads": (
        None,
        "gradients are reduced by DistributedDataParallel; use {root}.dist.all_reduce for custom tensors",
    ),
    "mmcv.runner.dist_utils.allreduce_params": (
        "mmengine.dist.all_reduce_params",
        "renamed: allreduce_params -> all_reduce_params",
    ),
    "mmcv.runner.dist_utils.get_dist_info": ("mmengine.dist.get_dist_info", ""),
    "mmcv.runner.dist_utils.init_dist": ("mmengine.dist.init_dist", ""),
    "mmcv.runner.dist_utils.master_only": ("mmengine.dist.master_only", ""),
    # mmcv.runner.epoch_based_runner
    "mmcv.runner.epoch_based_runner.EpochBasedRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.epoch_based_runner.RUNNERS": ("mmengine.registry.RUNNERS", ""),
    "mmcv.runner.epoch_based_runner.Runner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    # mmcv.runner
    "mmcv.runner.force_fp32": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    # mmcv.runner.fp16_utils
    "mmcv.runner.fp16_utils.LossScaler": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    "mmcv.runner.fp16_utils.allreduce_grads": (
        None,
        "gradients are reduced by DistributedDataParallel; use {root}.dist.all_reduce for custom tensors",
    ),
    "mmcv.runner.fp16_utils.auto_fp16": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    "mmcv.runner.fp16_utils.cast_tensor_type": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    "mmcv.runner.fp16_utils.force_fp32": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    "mmcv.runner.fp16_utils.patch_forward_method": (
        None,
        "patch_forward_method was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.fp16_utils.patch_norm_fp32": (
        None,
        "patch_norm_fp32 was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.fp16_utils.wrap_fp16_model": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    # mmcv.runner
    "mmcv.runner.get_dist_info": ("mmengine.dist.get_dist_info", ""),
    "mmcv.runner.get_host_info": (
        None,
        "get_host_info was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.get_priority": ("mmengine.runner.get_priority", ""),
    "mmcv.runner.get_time_str": (
        None,
        "get_time_str was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.runner.hooks
    "mmcv.runner.hooks.CheckpointHook": ("mmengine.hooks.CheckpointHook", ""),
    "mmcv.runner.hooks.ClearMLLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='ClearMLVisBackend')])",
    ),
    "mmcv.runner.hooks.ClosureHook": (
        None,
        "subclass {root}.hooks.Hook and override the point",
    ),
    "mmcv.runner.hooks.CosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.CosineAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.CosineRestartLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.CyclicLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.CyclicMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.DistEvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    "mmcv.runner.hooks.DistSamplerSeedHook": ("mmengine.hooks.DistSamplerSeedHook", ""),
    "mmcv.runner.hooks.DvcliveLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='DVCLiveVisBackend')])",
    ),
    "mmcv.runner.hooks.EMAHook": (
        "mmengine.hooks.EMAHook",
        "arguments changed: MMCV momentum/warm_up become ema_type='ExponentialMovingAverage', momentum=..., begin_iter=...",
    ),
    "mmcv.runner.hooks.EmptyCacheHook": ("mmengine.hooks.EmptyCacheHook", ""),
    "mmcv.runner.hooks.EvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    "mmcv.runner.hooks.ExpLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.FixedLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.FlatCosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.Fp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.GradientCumulativeFp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.GradientCumulativeOptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.Hook": ("mmengine.hooks.Hook", ""),
    "mmcv.runner.hooks.InvLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.IterTimerHook": ("mmengine.hooks.IterTimerHook", ""),
    "mmcv.runner.hooks.LinearAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.LinearAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.LoggerHook": (
        "mmengine.hooks.LoggerHook",
        "the new LoggerHook is the one concrete logger (interval=...); MMCV LoggerHook subclasses need a vis backend instead",
    ),
    "mmcv.runner.hooks.LrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.MlflowLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='MLflowVisBackend')])",
    ),
    "mmcv.runner.hooks.MomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.NeptuneLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='NeptuneVisBackend')])",
    ),
    "mmcv.runner.hooks.OneCycleLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.OneCycleMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.PaviLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.hooks.PolyLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.ProfilerHook": (
        "mmengine.hooks.ProfilerHook",
        "arguments changed (on_trace_ready, json_trace_path)",
    ),
    "mmcv.runner.hooks.SegmindLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.hooks.StepLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.StepMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.SyncBuffersHook": ("mmengine.hooks.SyncBuffersHook", ""),
    "mmcv.runner.hooks.TensorboardLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='TensorboardVisBackend')])",
    ),
    "mmcv.runner.hooks.TextLoggerHook": (
        None,
        "use default_hooks=dict(logger=dict(type='LoggerHook', interval=...))",
    ),
    "mmcv.runner.hooks.WandbLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='WandbVisBackend')])",
    ),
    # mmcv.runner.hooks.checkpoint
    "mmcv.runner.hooks.checkpoint.CheckpointHook": (
        "mmengine.hooks.CheckpointHook",
        "",
    ),
    "mmcv.runner.hooks.checkpoint.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.closure
    "mmcv.runner.hooks.closure.ClosureHook": (
        None,
        "subclass {root}.hooks.Hook and override the point",
    ),
    "mmcv.runner.hooks.closure.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.ema
    "mmcv.runner.hooks.ema.EMAHook": (
        "mmengine.hooks.EMAHook",
        "arguments changed: MMCV momentum/warm_up become ema_type='ExponentialMovingAverage', momentum=..., begin_iter=...",
    ),
    "mmcv.runner.hooks.ema.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.evaluation
    "mmcv.runner.hooks.evaluation.DistEvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    "mmcv.runner.hooks.evaluation.EvalHook": (
        None,
        "evaluation moved to the val loop: pass val_dataloader, val_evaluator and val_cfg=dict(val_interval=...) to the Runner",
    ),
    # mmcv.runner.hooks.hook
    "mmcv.runner.hooks.hook.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.hook.Hook": ("mmengine.hooks.Hook", ""),
    # mmcv.runner.hooks.iter_timer
    "mmcv.runner.hooks.iter_timer.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.iter_timer.IterTimerHook": ("mmengine.hooks.IterTimerHook", ""),
    # mmcv.runner.hooks.logger
    "mmcv.runner.hooks.logger.ClearMLLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='ClearMLVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.DvcliveLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='DVCLiveVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.LoggerHook": (
        "mmengine.hooks.LoggerHook",
        "the new LoggerHook is the one concrete logger (interval=...); MMCV LoggerHook subclasses need a vis backend instead",
    ),
    "mmcv.runner.hooks.logger.MlflowLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='MLflowVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.NeptuneLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='NeptuneVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.PaviLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.hooks.logger.SegmindLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    "mmcv.runner.hooks.logger.TensorboardLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='TensorboardVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.TextLoggerHook": (
        None,
        "use default_hooks=dict(logger=dict(type='LoggerHook', interval=...))",
    ),
    "mmcv.runner.hooks.logger.WandbLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='WandbVisBackend')])",
    ),
    # mmcv.runner.hooks.logger.base
    "mmcv.runner.hooks.logger.base.LoggerHook": (
        "mmengine.hooks.LoggerHook",
        "the new LoggerHook is the one concrete logger (interval=...); MMCV LoggerHook subclasses need a vis backend instead",
    ),
    # mmcv.runner.hooks.logger.clearml
    "mmcv.runner.hooks.logger.clearml.ClearMLLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='ClearMLVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.clearml.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.logger.dvclive
    "mmcv.runner.hooks.logger.dvclive.DvcliveLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='DVCLiveVisBackend')])",
    ),
    "mmcv.runner.hooks.logger.dvclive.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.logger.mlflow
    "mmcv.runner.hooks.logger.mlflow.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.mlflow.MlflowLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='MLflowVisBackend')])",
    ),
    # mmcv.runner.hooks.logger.neptune
    "mmcv.runner.hooks.logger.neptune.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.neptune.NeptuneLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='NeptuneVisBackend')])",
    ),
    # mmcv.runner.hooks.logger.pavi
    "mmcv.runner.hooks.logger.pavi.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.pavi.PaviLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    # mmcv.runner.hooks.logger.segmind
    "mmcv.runner.hooks.logger.segmind.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.segmind.SegmindLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='a vis backend')])",
    ),
    # mmcv.runner.hooks.logger.tensorboard
    "mmcv.runner.hooks.logger.tensorboard.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.tensorboard.TensorboardLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='TensorboardVisBackend')])",
    ),
    # mmcv.runner.hooks.logger.text
    "mmcv.runner.hooks.logger.text.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.text.TextLoggerHook": (
        None,
        "use default_hooks=dict(logger=dict(type='LoggerHook', interval=...))",
    ),
    # mmcv.runner.hooks.logger.wandb
    "mmcv.runner.hooks.logger.wandb.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.logger.wandb.WandbLoggerHook": (
        None,
        "logger hooks became visualizer backends: visualizer=dict(type='Visualizer', vis_backends=[dict(type='WandbVisBackend')])",
    ),
    # mmcv.runner.hooks.lr_updater
    "mmcv.runner.hooks.lr_updater.CosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.CosineRestartLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.CyclicLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.ExpLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.FixedLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.FlatCosineAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.lr_updater.InvLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.LinearAnnealingLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.LrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.OneCycleLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.PolyLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.StepLrUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.lr_updater.annealing_cos": (
        None,
        "annealing_cos was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.hooks.lr_updater.annealing_linear": (
        None,
        "annealing_linear was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.hooks.lr_updater.format_param": (
        None,
        "format_param was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.hooks.lr_updater.get_position_from_periods": (
        None,
        "get_position_from_periods was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.runner.hooks.memory
    "mmcv.runner.hooks.memory.EmptyCacheHook": ("mmengine.hooks.EmptyCacheHook", ""),
    "mmcv.runner.hooks.memory.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.momentum_updater
    "mmcv.runner.hooks.momentum_updater.CosineAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.momentum_updater.CyclicMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.momentum_updater.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.momentum_updater.LinearAnnealingMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.momentum_updater.MomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.momentum_updater.OneCycleMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    "mmcv.runner.hooks.momentum_updater.StepMomentumUpdaterHook": (
        None,
        "lr/momentum updater hooks are replaced by param_scheduler=[...] ({root}.optim schedulers driven by ParamSchedulerHook); `mmcompat convert` translates lr_config/momentum_config",
    ),
    # mmcv.runner.hooks.optimizer
    "mmcv.runner.hooks.optimizer.Fp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.optimizer.GradientCumulativeFp16OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.optimizer.GradientCumulativeOptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    "mmcv.runner.hooks.optimizer.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.optimizer.OptimizerHook": (
        None,
        "the optimizer step moved out of hooks: use optim_wrapper=dict(type='OptimWrapper' (or 'AmpOptimWrapper' for fp16), optimizer=..., clip_grad=..., accumulative_counts=...)",
    ),
    # mmcv.runner.hooks.profiler
    "mmcv.runner.hooks.profiler.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.profiler.ProfilerHook": (
        "mmengine.hooks.ProfilerHook",
        "arguments changed (on_trace_ready, json_trace_path)",
    ),
    # mmcv.runner.hooks.sampler_seed
    "mmcv.runner.hooks.sampler_seed.DistSamplerSeedHook": (
        "mmengine.hooks.DistSamplerSeedHook",
        "",
    ),
    "mmcv.runner.hooks.sampler_seed.HOOKS": ("mmengine.registry.HOOKS", ""),
    # mmcv.runner.hooks.sync_buffer
    "mmcv.runner.hooks.sync_buffer.HOOKS": ("mmengine.registry.HOOKS", ""),
    "mmcv.runner.hooks.sync_buffer.SyncBuffersHook": (
        "mmengine.hooks.SyncBuffersHook",
        "",
    ),
    # mmcv.runner
    "mmcv.runner.init_dist": ("mmengine.dist.init_dist", ""),
    # mmcv.runner.iter_based_runner
    "mmcv.runner.iter_based_runner.IterBasedRunner": (
        None,
        "build {root}.runner.Runner(model=..., train_dataloader=..., train_cfg=dict(by_epoch=True, max_epochs=...), optim_wrapper=..., param_scheduler=..., default_hooks=...) and call runner.train()",
    ),
    "mmcv.runner.iter_based_runner.IterLoader": (
        None,
        "IterLoader was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.iter_based_runner.RUNNERS": ("mmengine.registry.RUNNERS", ""),
    # mmcv.runner
    "mmcv.runner.load_checkpoint": ("mmengine.runner.load_checkpoint", ""),
    "mmcv.runner.load_state_dict": ("mmengine.runner.load_state_dict", ""),
    # mmcv.runner.log_buffer
    "mmcv.runner.log_buffer.LogBuffer": (
        None,
        "use runner.message_hub.update_scalar(key, value) / get_scalar(key)",
    ),
    # mmcv.runner
    "mmcv.runner.master_only": ("mmengine.dist.master_only", ""),
    "mmcv.runner.obj_from_dict": (
        None,
        "use a registry: REGISTRY.build(dict(type=...))",
    ),
    # mmcv.runner.optimizer
    "mmcv.runner.optimizer.DefaultOptimizerConstructor": (
        "mmengine.optim.DefaultOptimWrapperConstructor",
        "renamed: it now builds an OptimWrapper from optim_wrapper=dict(...)",
    ),
    "mmcv.runner.optimizer.OPTIMIZERS": ("mmengine.registry.OPTIMIZERS", ""),
    "mmcv.runner.optimizer.OPTIMIZER_BUILDERS": (
        "mmengine.registry.OPTIM_WRAPPER_CONSTRUCTORS",
        "renamed: OPTIMIZER_BUILDERS -> OPTIM_WRAPPER_CONSTRUCTORS",
    ),
    "mmcv.runner.optimizer.build_optimizer": (
        "mmengine.optim.build_optim_wrapper",
        "build_optim_wrapper(model, cfg) takes an optim_wrapper config and returns an OptimWrapper (its .optimizer is the torch optimizer)",
    ),
    "mmcv.runner.optimizer.build_optimizer_constructor": (
        None,
        "use {root}.registry.OPTIM_WRAPPER_CONSTRUCTORS.build(cfg)",
    ),
    # mmcv.runner.optimizer.builder
    "mmcv.runner.optimizer.builder.OPTIMIZERS": ("mmengine.registry.OPTIMIZERS", ""),
    "mmcv.runner.optimizer.builder.OPTIMIZER_BUILDERS": (
        "mmengine.registry.OPTIM_WRAPPER_CONSTRUCTORS",
        "renamed: OPTIMIZER_BUILDERS -> OPTIM_WRAPPER_CONSTRUCTORS",
    ),
    "mmcv.runner.optimizer.builder.build_optimizer": (
        "mmengine.optim.build_optim_wrapper",
        "build_optim_wrapper(model, cfg) takes an optim_wrapper config and returns an OptimWrapper (its .optimizer is the torch optimizer)",
    ),
    "mmcv.runner.optimizer.builder.build_optimizer_constructor": (
        None,
        "use {root}.registry.OPTIM_WRAPPER_CONSTRUCTORS.build(cfg)",
    ),
    "mmcv.runner.optimizer.builder.register_torch_npu_optimizers": (
        None,
        "register_torch_npu_optimizers was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.optimizer.builder.register_torch_optimizers": (
        None,
        "register_torch_optimizers was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.runner.optimizer.default_constructor
    "mmcv.runner.optimizer.default_constructor.DefaultOptimizerConstructor": (
        "mmengine.optim.DefaultOptimWrapperConstructor",
        "renamed: it now builds an OptimWrapper from optim_wrapper=dict(...)",
    ),
    "mmcv.runner.optimizer.default_constructor.OPTIMIZERS": (
        "mmengine.registry.OPTIMIZERS",
        "",
    ),
    "mmcv.runner.optimizer.default_constructor.OPTIMIZER_BUILDERS": (
        "mmengine.registry.OPTIM_WRAPPER_CONSTRUCTORS",
        "renamed: OPTIMIZER_BUILDERS -> OPTIM_WRAPPER_CONSTRUCTORS",
    ),
    # mmcv.runner.priority
    "mmcv.runner.priority.Priority": ("mmengine.runner.Priority", ""),
    "mmcv.runner.priority.get_priority": ("mmengine.runner.get_priority", ""),
    # mmcv.runner
    "mmcv.runner.save_checkpoint": ("mmengine.runner.save_checkpoint", ""),
    "mmcv.runner.set_random_seed": ("mmengine.runner.set_random_seed", ""),
    # mmcv.runner.utils
    "mmcv.runner.utils.get_host_info": (
        None,
        "get_host_info was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.utils.get_time_str": (
        None,
        "get_time_str was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.runner.utils.obj_from_dict": (
        None,
        "use a registry: REGISTRY.build(dict(type=...))",
    ),
    "mmcv.runner.utils.set_random_seed": ("mmengine.runner.set_random_seed", ""),
    # mmcv.runner
    "mmcv.runner.weights_to_cpu": ("mmengine.runner.weights_to_cpu", ""),
    "mmcv.runner.wrap_fp16_model": (
        None,
        "fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast",
    ),
    # mmcv
    "mmcv.scandir": ("mmengine.utils.scandir", ""),
    "mmcv.skip_no_elena": (
        None,
        "mmcv.skip_no_elena only acted under parrots: drop it",
    ),
    "mmcv.slice_list": ("mmengine.utils.slice_list", ""),
    "mmcv.solarize": ("mmcv.solarize", ""),
    "mmcv.sparse_flow_from_bytes": ("mmcv.sparse_flow_from_bytes", ""),
    "mmcv.supported_backends": ("mmcv.supported_backends", ""),
    "mmcv.symlink": ("mmengine.utils.symlink", ""),
    "mmcv.tensor2imgs": ("mmcv.tensor2imgs", ""),
    "mmcv.torch_meshgrid": ("mmengine.utils.dl_utils.torch_meshgrid", ""),
    "mmcv.track_iter_progress": ("mmengine.utils.track_iter_progress", ""),
    "mmcv.track_parallel_progress": ("mmengine.utils.track_parallel_progress", ""),
    "mmcv.track_progress": ("mmengine.utils.track_progress", ""),
    "mmcv.tuple_cast": ("mmengine.utils.tuple_cast", ""),
    "mmcv.use_backend": ("mmcv.use_backend", ""),
    # mmcv.utils
    "mmcv.utils.BuildExtension": (
        None,
        "BuildExtension was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.CUDAExtension": (
        None,
        "CUDAExtension was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.Config": ("mmengine.config.Config", ""),
    "mmcv.utils.ConfigDict": ("mmengine.config.ConfigDict", ""),
    "mmcv.utils.CppExtension": (
        None,
        "CppExtension was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.DataLoader": (None, "DataLoader was removed in MMCV 2.x / MMEngine"),
    "mmcv.utils.DictAction": ("mmengine.config.DictAction", ""),
    "mmcv.utils.IS_CUDA_AVAILABLE": (
        None,
        "IS_CUDA_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.IS_IPU_AVAILABLE": (
        None,
        "IS_IPU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.IS_MLU_AVAILABLE": (
        None,
        "IS_MLU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.IS_MPS_AVAILABLE": (
        None,
        "IS_MPS_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.IS_NPU_AVAILABLE": (
        None,
        "IS_NPU_AVAILABLE was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.PoolDataLoader": (
        None,
        "PoolDataLoader was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.ProgressBar": ("mmengine.utils.ProgressBar", ""),
    "mmcv.utils.Registry": ("mmengine.registry.Registry", ""),
    "mmcv.utils.SyncBatchNorm": (
        None,
        "SyncBatchNorm was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.TORCH_VERSION": ("mmengine.utils.dl_utils.TORCH_VERSION", ""),
    "mmcv.utils.Timer": ("mmengine.utils.Timer", ""),
    "mmcv.utils.TimerError": ("mmengine.utils.TimerError", ""),
    "mmcv.utils._AdaptiveAvgPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._AdaptiveAvgPoolNd",
        "",
    ),
    "mmcv.utils._AdaptiveMaxPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._AdaptiveMaxPoolNd",
        "",
    ),
    "mmcv.utils._AvgPoolNd": ("mmengine.utils.dl_utils.parrots_wrapper._AvgPoolNd", ""),
    "mmcv.utils._BatchNorm": ("mmengine.utils.dl_utils.parrots_wrapper._BatchNorm", ""),
    "mmcv.utils._ConvNd": ("mmengine.utils.dl_utils.parrots_wrapper._ConvNd", ""),
    "mmcv.utils._ConvTransposeMixin": (
        "mmengine.utils.dl_utils.parrots_wrapper._ConvTransposeMixin",
        "",
    ),
    "mmcv.utils._InstanceNorm": (
        "mmengine.utils.dl_utils.parrots_wrapper._InstanceNorm",
        "",
    ),
    "mmcv.utils._MaxPoolNd": ("mmengine.utils.dl_utils.parrots_wrapper._MaxPoolNd", ""),
    "mmcv.utils._get_cuda_home": (
        None,
        "_get_cuda_home was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_attrs_equal": (
        None,
        "assert_attrs_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_dict_contains_subset": (
        None,
        "assert_dict_contains_subset was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_dict_has_keys": (
        None,
        "assert_dict_has_keys was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_is_norm_layer": (
        None,
        "assert_is_norm_layer was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_keys_equal": (
        None,
        "assert_keys_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.assert_params_all_zeros": (
        None,
        "assert_params_all_zeros was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.build_from_cfg": ("mmengine.registry.build_from_cfg", ""),
    "mmcv.utils.check_file_exist": ("mmengine.utils.check_file_exist", ""),
    "mmcv.utils.check_prerequisites": ("mmengine.utils.check_prerequisites", ""),
    "mmcv.utils.check_python_script": (
        None,
        "check_python_script was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.check_time": ("mmengine.utils.check_time", ""),
    "mmcv.utils.collect_env": ("mmengine.utils.dl_utils.collect_env", ""),
    "mmcv.utils.concat_list": ("mmengine.utils.concat_list", ""),
    # mmcv.utils.config
    "mmcv.utils.config.Config": ("mmengine.config.Config", ""),
    "mmcv.utils.config.ConfigDict": ("mmengine.config.ConfigDict", ""),
    "mmcv.utils.config.DictAction": ("mmengine.config.DictAction", ""),
    "mmcv.utils.config.add_args": (None, "add_args was removed in MMCV 2.x / MMEngine"),
    # mmcv.utils
    "mmcv.utils.deprecated_api_warning": ("mmengine.utils.deprecated_api_warning", ""),
    # mmcv.utils.device_type
    "mmcv.utils.device_type.is_ipu_available": (
        None,
        "is_ipu_available was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.device_type.is_mlu_available": ("mmengine.device.is_mlu_available", ""),
    "mmcv.utils.device_type.is_mps_available": ("mmengine.device.is_mps_available", ""),
    "mmcv.utils.device_type.is_npu_available": ("mmengine.device.is_npu_available", ""),
    # mmcv.utils
    "mmcv.utils.digit_version": ("mmengine.utils.digit_version", ""),
    # mmcv.utils.env
    "mmcv.utils.env.collect_env": ("mmengine.utils.dl_utils.collect_env", ""),
    # mmcv.utils.ext_loader
    "mmcv.utils.ext_loader.check_ops_exist": (
        None,
        "check_ops_exist was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.ext_loader.load_ext": (
        None,
        "load_ext was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.utils
    "mmcv.utils.fopen": ("mmengine.utils.fopen", ""),
    "mmcv.utils.get_build_config": (
        None,
        "get_build_config was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.get_git_hash": ("mmengine.utils.get_git_hash", ""),
    "mmcv.utils.get_logger": (
        None,
        "use {root}.logging.MMLogger.get_instance(name, log_file=..., log_level=...)",
    ),
    "mmcv.utils.has_method": ("mmengine.utils.has_method", ""),
    "mmcv.utils.import_modules_from_strings": (
        "mmengine.utils.import_modules_from_strings",
        "",
    ),
    "mmcv.utils.is_filepath": ("mmengine.utils.is_filepath", ""),
    "mmcv.utils.is_jit_tracing": ("mmengine.utils.dl_utils.is_jit_tracing", ""),
    "mmcv.utils.is_list_of": ("mmengine.utils.is_list_of", ""),
    "mmcv.utils.is_method_overridden": ("mmengine.utils.is_method_overridden", ""),
    "mmcv.utils.is_rocm_pytorch": (
        None,
        "is_rocm_pytorch was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.is_seq_of": ("mmengine.utils.is_seq_of", ""),
    "mmcv.utils.is_str": ("mmengine.utils.is_str", ""),
    "mmcv.utils.is_tuple_of": ("mmengine.utils.is_tuple_of", ""),
    "mmcv.utils.iter_cast": ("mmengine.utils.iter_cast", ""),
    "mmcv.utils.jit": (
        None,
        "mmcv.jit only acted under parrots (a no-op under PyTorch): drop it",
    ),
    "mmcv.utils.list_cast": ("mmengine.utils.list_cast", ""),
    "mmcv.utils.load_url": ("mmengine.utils.dl_utils.load_url", ""),
    # mmcv.utils.logging
    "mmcv.utils.logging.get_logger": (
        None,
        "use {root}.logging.MMLogger.get_instance(name, log_file=..., log_level=...)",
    ),
    "mmcv.utils.logging.print_log": ("mmengine.logging.print_log", ""),
    # mmcv.utils.misc
    "mmcv.utils.misc.check_prerequisites": ("mmengine.utils.check_prerequisites", ""),
    "mmcv.utils.misc.concat_list": ("mmengine.utils.concat_list", ""),
    "mmcv.utils.misc.deprecated_api_warning": (
        "mmengine.utils.deprecated_api_warning",
        "",
    ),
    "mmcv.utils.misc.has_method": ("mmengine.utils.has_method", ""),
    "mmcv.utils.misc.import_modules_from_strings": (
        "mmengine.utils.import_modules_from_strings",
        "",
    ),
    "mmcv.utils.misc.is_list_of": ("mmengine.utils.is_list_of", ""),
    "mmcv.utils.misc.is_method_overridden": ("mmengine.utils.is_method_overridden", ""),
    "mmcv.utils.misc.is_seq_of": ("mmengine.utils.is_seq_of", ""),
    "mmcv.utils.misc.is_str": ("mmengine.utils.is_str", ""),
    "mmcv.utils.misc.is_tuple_of": ("mmengine.utils.is_tuple_of", ""),
    "mmcv.utils.misc.iter_cast": ("mmengine.utils.iter_cast", ""),
    "mmcv.utils.misc.list_cast": ("mmengine.utils.list_cast", ""),
    "mmcv.utils.misc.requires_executable": ("mmengine.utils.requires_executable", ""),
    "mmcv.utils.misc.requires_package": ("mmengine.utils.requires_package", ""),
    "mmcv.utils.misc.slice_list": ("mmengine.utils.slice_list", ""),
    "mmcv.utils.misc.to_1tuple": ("mmengine.utils.to_1tuple", ""),
    "mmcv.utils.misc.to_2tuple": ("mmengine.utils.to_2tuple", ""),
    "mmcv.utils.misc.to_3tuple": ("mmengine.utils.to_3tuple", ""),
    "mmcv.utils.misc.to_4tuple": ("mmengine.utils.to_4tuple", ""),
    "mmcv.utils.misc.to_ntuple": ("mmengine.utils.to_ntuple", ""),
    "mmcv.utils.misc.tuple_cast": ("mmengine.utils.tuple_cast", ""),
    # mmcv.utils
    "mmcv.utils.mkdir_or_exist": ("mmengine.utils.mkdir_or_exist", ""),
    # mmcv.utils.parrots_jit
    "mmcv.utils.parrots_jit.jit": (
        None,
        "mmcv.jit only acted under parrots (a no-op under PyTorch): drop it",
    ),
    "mmcv.utils.parrots_jit.skip_no_elena": (
        None,
        "mmcv.skip_no_elena only acted under parrots: drop it",
    ),
    # mmcv.utils.parrots_wrapper
    "mmcv.utils.parrots_wrapper.SyncBatchNorm": (
        None,
        "SyncBatchNorm was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.parrots_wrapper._AdaptiveAvgPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._AdaptiveAvgPoolNd",
        "",
    ),
    "mmcv.utils.parrots_wrapper._AdaptiveMaxPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._AdaptiveMaxPoolNd",
        "",
    ),
    "mmcv.utils.parrots_wrapper._AvgPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._AvgPoolNd",
        "",
    ),
    "mmcv.utils.parrots_wrapper._BatchNorm": (
        "mmengine.utils.dl_utils.parrots_wrapper._BatchNorm",
        "",
    ),
    "mmcv.utils.parrots_wrapper._ConvNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._ConvNd",
        "",
    ),
    "mmcv.utils.parrots_wrapper._ConvTransposeMixin": (
        "mmengine.utils.dl_utils.parrots_wrapper._ConvTransposeMixin",
        "",
    ),
    "mmcv.utils.parrots_wrapper._InstanceNorm": (
        "mmengine.utils.dl_utils.parrots_wrapper._InstanceNorm",
        "",
    ),
    "mmcv.utils.parrots_wrapper._MaxPoolNd": (
        "mmengine.utils.dl_utils.parrots_wrapper._MaxPoolNd",
        "",
    ),
    "mmcv.utils.parrots_wrapper.get_build_config": (
        None,
        "get_build_config was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.parrots_wrapper.is_cuda_available": (
        "mmengine.device.is_cuda_available",
        "",
    ),
    "mmcv.utils.parrots_wrapper.is_rocm_pytorch": (
        None,
        "is_rocm_pytorch was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.utils.path
    "mmcv.utils.path.check_file_exist": ("mmengine.utils.check_file_exist", ""),
    "mmcv.utils.path.find_vcs_root": (
        None,
        "find_vcs_root was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.path.fopen": ("mmengine.utils.fopen", ""),
    "mmcv.utils.path.is_filepath": ("mmengine.utils.is_filepath", ""),
    "mmcv.utils.path.mkdir_or_exist": ("mmengine.utils.mkdir_or_exist", ""),
    "mmcv.utils.path.scandir": ("mmengine.utils.scandir", ""),
    "mmcv.utils.path.symlink": ("mmengine.utils.symlink", ""),
    # mmcv.utils
    "mmcv.utils.print_log": ("mmengine.logging.print_log", ""),
    # mmcv.utils.progressbar
    "mmcv.utils.progressbar.ProgressBar": ("mmengine.utils.ProgressBar", ""),
    "mmcv.utils.progressbar.init_pool": (
        None,
        "init_pool was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.progressbar.track_iter_progress": (
        "mmengine.utils.track_iter_progress",
        "",
    ),
    "mmcv.utils.progressbar.track_parallel_progress": (
        "mmengine.utils.track_parallel_progress",
        "",
    ),
    "mmcv.utils.progressbar.track_progress": ("mmengine.utils.track_progress", ""),
    # mmcv.utils.registry
    "mmcv.utils.registry.Registry": ("mmengine.registry.Registry", ""),
    "mmcv.utils.registry.build_from_cfg": ("mmengine.registry.build_from_cfg", ""),
    # mmcv.utils
    "mmcv.utils.requires_executable": ("mmengine.utils.requires_executable", ""),
    "mmcv.utils.requires_package": ("mmengine.utils.requires_package", ""),
    "mmcv.utils.scandir": ("mmengine.utils.scandir", ""),
    # mmcv.utils.seed
    "mmcv.utils.seed.worker_init_fn": ("mmengine.dataset.worker_init_fn", ""),
    # mmcv.utils
    "mmcv.utils.skip_no_elena": (
        None,
        "mmcv.skip_no_elena only acted under parrots: drop it",
    ),
    "mmcv.utils.slice_list": ("mmengine.utils.slice_list", ""),
    "mmcv.utils.symlink": ("mmengine.utils.symlink", ""),
    # mmcv.utils.testing
    "mmcv.utils.testing.assert_attrs_equal": (
        None,
        "assert_attrs_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.assert_dict_contains_subset": (
        None,
        "assert_dict_contains_subset was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.assert_dict_has_keys": (
        None,
        "assert_dict_has_keys was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.assert_is_norm_layer": (
        None,
        "assert_is_norm_layer was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.assert_keys_equal": (
        None,
        "assert_keys_equal was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.assert_params_all_zeros": (
        None,
        "assert_params_all_zeros was removed in MMCV 2.x / MMEngine",
    ),
    "mmcv.utils.testing.check_python_script": (
        None,
        "check_python_script was removed in MMCV 2.x / MMEngine",
    ),
    # mmcv.utils.timer
    "mmcv.utils.timer.Timer": ("mmengine.utils.Timer", ""),
    "mmcv.utils.timer.TimerError": ("mmengine.utils.TimerError", ""),
    "mmcv.utils.timer.check_time": ("mmengine.utils.check_time", ""),
    # mmcv.utils
    "mmcv.utils.to_1tuple": ("mmengine.utils.to_1tuple", ""),
    "mmcv.utils.to_2tuple": ("mmengine.utils.to_2tuple", ""),
    "mmcv.utils.to_3tuple": ("mmengine.utils.to_3tuple", ""),
    "mmcv.utils.to_4tuple": ("mmengine.utils.to_4tuple", ""),
    "mmcv.utils.to_ntuple": ("mmengine.utils.to_ntuple", ""),
    "mmcv.utils.torch_meshgrid": ("mmengine.utils.dl_utils.torch_meshgrid", ""),
    # mmcv.utils.torch_ops
    "mmcv.utils.torch_ops.torch_meshgrid": (
        "mmengine.utils.dl_utils.torch_meshgrid",
        "",
    ),
    # mmcv.utils.trace
    "mmcv.utils.trace.is_jit_tracing": ("mmengine.utils.dl_utils.is_jit_tracing", ""),
    # mmcv.utils
    "mmcv.utils.track_iter_progress": ("mmengine.utils.track_iter_progress", ""),
    "mmcv.utils.track_parallel_progress": (
        "mmengine.utils.track_parallel_progress",
        "",
    ),
    "mmcv.utils.track_progress": ("mmengine.utils.track_progress", ""),
    "mmcv.utils.tuple_cast": ("mmengine.utils.tuple_cast", ""),
    # mmcv.utils.version_utils
    "mmcv.utils.version_utils.digit_version": ("mmengine.utils.digit_version", ""),
    "mmcv.utils.version_utils.get_git_hash": ("mmengine.utils.get_git_hash", ""),
    # mmcv.utils
    "mmcv.utils.worker_init_fn": ("mmengine.dataset.worker_init_fn", ""),
    # mmcv
    "mmcv.version_info": ("mmcv.version_info", ""),
    "mmcv.worker_init_fn": ("mmengine.dataset.worker_init_fn", ""),
    "mmcv.ycbcr2bgr": ("mmcv.ycbcr2bgr", ""),
    "mmcv.ycbcr2rgb": ("mmcv.ycbcr2rgb", ""),
}
MMCOMPAT_PACKAGES = (
    "config",
    "registry",
    "runner",
    "hooks",
    "optim",
    "model",
    "dist",
    "logging",
    "dataset",
    "evaluator",
    "visualization",
    "fileio",
    "utils",
)
# MMCV 2.x modules (legacy imports below them that the table does
# not list still work)
MMCV2_MODULES = (
    "mmcv",
    "mmcv.arraymisc",
    "mmcv.cnn",
    "mmcv.cnn.bricks",
    "mmcv.cnn.bricks.drop",
    "mmcv.cnn.bricks.transformer",
    "mmcv.cnn.bricks.wrappers",
    "mmcv.cnn.utils",
    "mmcv.image",
    "mmcv.ops",
    "mmcv.transforms",
    "mmcv.video",
    "mmcv.visualization",
)
# removed legacy packages -> the project that took their job
REMOVED_PACKAGES = {
    "mmcv.onnx": "ONNX export moved to MMDeploy (mmdeploy), which registers the custom op symbolics itself",
    "mmcv.tensorrt": "TensorRT conversion and inference moved to MMDeploy (mmdeploy: its TensorRT backend and custom-op plugins)",
    "mmcv.device": "no device wrappers: the Runner places the model on MLU/NPU/MPS devices itself (mmengine.device detects them, with the vendor's torch extension, e.g. torch_mlu or torch_npu, installed)",
}
# END GENERATED TABLE

# MMEngine names in packages mmcompat mirrors that mmcompat does not provide
# (checked against the installed mmcompat by tests/codemods): the mmcompat
# target gets a TODO for them instead of an import that would fail.
MMCOMPAT_MISSING: frozenset[str] = frozenset(
    {
        # remote storage backends: mmcompat.fileio reads local files only
        "mmengine.fileio.HTTPBackend",
        "mmengine.fileio.LmdbBackend",
        "mmengine.fileio.MemcachedBackend",
        "mmengine.fileio.PetrelBackend",
        "mmengine.hooks.ProfilerHook",
        "mmengine.runner.CheckpointLoader",
        "mmengine.runner.get_deprecated_model_names",
        "mmengine.runner.get_external_models",
        "mmengine.runner.get_mmcls_models",
        "mmengine.runner.get_torchvision_models",
    }
)

LEGACY_ROOTS = ("mmcv",)


def is_legacy_module(module: str) -> bool:
    """True for ``mmcv`` and its submodules (the import roots we rewrite)."""
    return module == "mmcv" or module.startswith("mmcv.")


def lookup(module: str, name: str) -> tuple[str | None, str] | None:
    """The ``MOVES`` row of ``from module import name``, or None if unknown."""
    return MOVES.get(f"{module}.{name}")


def _unknown(module: str, name: str) -> Resolution | None:
    """A path the table does not list: fine below a package MMCV 2.x still
    has (``mmcv.ops.nms``), a TODO below one it dropped (``mmcv.tensorrt``,
    ``mmcv.device``, ``mmcv.runner``)."""
    parts = module.split(".")
    if parts[0] != "mmcv" or len(parts) < 2:
        return None
    package = ".".join(parts[:2])
    if any(m == package or m.startswith(package + ".") for m in MMCV2_MODULES):
        return None
    return Resolution("todo", None, None, f"{package} was removed in MMCV 2.x")


def _mmcompat_home(new: str) -> str | None:
    """``mmengine.hooks.Hook`` -> ``mmcompat.hooks.Hook`` where mirrored."""
    parts = new.split(".")
    if (
        len(parts) == 3
        and parts[0] == "mmengine"
        and parts[1] in MMCOMPAT_PACKAGES
        and new not in MMCOMPAT_MISSING
    ):
        return f"mmcompat.{parts[1]}.{parts[2]}"
    return None


def resolve(module: str, name: str, target: str = "mmcompat") -> Resolution | None:
    """How to rewrite ``from module import name`` for ``target``.

    Returns None for paths the table does not know (not legacy, or a
    private name nobody exports).
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    row = lookup(module, name)
    if row is None:
        return _unknown(module, name)
    new, note = row
    root = target
    note = note.replace("{root}", root)
    if new is None:
        return Resolution("todo", None, None, note)
    new_module, _, new_name = new.rpartition(".")
    if new == f"{module}.{name}":
        return Resolution("keep", module, name, note)
    if new_module == "mmcv" or new_module.startswith("mmcv."):
        return Resolution("move", new_module, new_name, note)
    if target == "mmengine":
        return Resolution("move", new_module, new_name, note)
    home = _mmcompat_home(new)
    if home is None:
        extra = f"; {note}" if note else ""
        return Resolution(
            "todo",
            None,
            None,
            f"{name} moved to {new_module}.{new_name} in MMEngine, "
            f"which mmcompat does not provide{extra}",
        )
    home_module, _, home_name = home.rpartition(".")
    return Resolution("move", home_module, home_name, note)


def note_needs_todo(note: str) -> bool:
    """Behaviour-change notes become TODO comments; renames do not."""
    return bool(note) and not note.startswith("renamed:")
