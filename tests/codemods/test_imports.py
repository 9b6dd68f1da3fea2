"""Before/after pairs for ``codemods.imports`` (LegacyImportsCommand)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.imports import LegacyImportsCommand


class TestFromImports(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_moved_symbol_goes_to_mmcompat_package(self) -> None:
        before = """
            from mmcv.runner import BaseModule

            class Net(BaseModule):
                pass
        """
        after = """
            from mmcompat.model import BaseModule

            class Net(BaseModule):
                pass
        """
        self.assertCodemod(before, after)

    def test_target_mmengine_uses_mmengine_packages(self) -> None:
        before = """
            from mmcv import Config
            from mmcv.runner import get_dist_info
        """
        after = """
            from mmengine.config import Config
            from mmengine.dist import get_dist_info
        """
        self.assertCodemod(before, after, target="mmengine")

    def test_alias_is_kept(self) -> None:
        before = """
            from mmcv.runner import get_dist_info as gdi
        """
        after = """
            from mmcompat.dist import get_dist_info as gdi
        """
        self.assertCodemod(before, after)

    def test_renamed_symbol_is_imported_under_its_old_name(self) -> None:
        before = """
            from mmcv.parallel import is_module_wrapper
        """
        after = """
            from mmcompat.model import is_model_wrapper as is_module_wrapper
        """
        self.assertCodemod(before, after)

    def test_removed_symbol_stays_with_todo_naming_replacement(self) -> None:
        before = """
            from mmcv.runner import BaseModule, auto_fp16
        """
        after = """
            # TODO(mmcompat): auto_fp16: fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast
            from mmcv.runner import auto_fp16
            from mmcompat.model import BaseModule
        """
        self.assertCodemod(before, after)

    def test_symbols_mmcv2_still_has_are_left_alone(self) -> None:
        before = """
            from mmcv.cnn import ConvModule, build_norm_layer
            from mmcv.ops import nms
        """
        self.assertCodemod(before, before)

    def test_cnn_weight_init_moves_to_model(self) -> None:
        before = """
            from mmcv.cnn import ConvModule, constant_init
        """
        after = """
            from mmcv.cnn import ConvModule
            from mmcompat.model import constant_init
        """
        self.assertCodemod(before, after)

    def test_mmengine_name_mmcompat_lacks_gets_todo_for_mmcompat_target(self) -> None:
        before = """
            from mmcv.runner.checkpoint import get_torchvision_models
        """
        after = """
            # TODO(mmcompat): get_torchvision_models moved to mmengine.runner.get_torchvision_models in MMEngine, which mmcompat does not provide
            from mmcv.runner.checkpoint import get_torchvision_models
        """
        self.assertCodemod(before, after)

    def test_torch_helpers_move_to_mmcompat_dl_utils(self) -> None:
        before = """
            from mmcv import collect_env
            from mmcv.utils import TORCH_VERSION
        """
        after = """
            from mmcompat.utils.dl_utils import TORCH_VERSION, collect_env
        """
        self.assertCodemod(before, after)

    def test_utils_and_fileio_helpers_move_to_mmcompat(self) -> None:
        before = """
            from mmcv import dump, load, mkdir_or_exist, ProgressBar
        """
        after = """
            from mmcompat.fileio import dump, load
            from mmcompat.utils import ProgressBar, mkdir_or_exist
        """
        self.assertCodemod(before, after)

    def test_mmengine_only_helper_moves_for_mmengine_target(self) -> None:
        before = """
            from mmcv import mkdir_or_exist
        """
        after = """
            from mmengine.utils import mkdir_or_exist
        """
        self.assertCodemod(before, after, target="mmengine")

    def test_multiline_parenthesised_import_keeps_its_comment(self) -> None:
        before = """
            from mmcv.runner import (BaseModule, force_fp32,
                                     get_dist_info)  # noqa
        """
        after = """
            # TODO(mmcompat): force_fp32: fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast
            from mmcv.runner import (force_fp32)  # noqa
            from mmcompat.model import BaseModule
            from mmcompat.dist import get_dist_info
        """
        self.assertCodemod(before, after)

    def test_submodule_path_is_resolved(self) -> None:
        before = """
            from mmcv.runner.hooks import HOOKS, Hook
        """
        after = """
            from mmcompat.hooks import Hook
            from mmcompat.registry import HOOKS
        """
        self.assertCodemod(before, after)

    def test_commented_import_is_rewritten_in_place(self) -> None:
        before = """
            import math

            # the registry
            from mmcv.runner.hooks import HOOKS, Hook
            from mmcv.runner import get_dist_info  # noqa: F401

            x = 1
        """
        after = """
            import math

            # the registry
            from mmcompat.registry import HOOKS
            from mmcompat.hooks import Hook
            from mmcompat.dist import get_dist_info  # noqa: F401

            x = 1
        """
        self.assertCodemod(before, after)

    def test_removed_line_blank_lines_go_to_the_next_import(self) -> None:
        before = """
            import math

            from mmcv.runner import get_dist_info
            from torch import nn
        """
        after = """
            import math

            from torch import nn
            from mmcompat.dist import get_dist_info
        """
        self.assertCodemod(before, after)


class TestNestedImports(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_import_inside_function_is_rewritten_in_place(self) -> None:
        before = """
            import os

            def load(path):
                from mmcv.runner import load_checkpoint
                return load_checkpoint(path)
        """
        after = """
            import os

            def load(path):
                from mmcompat.runner import load_checkpoint
                return load_checkpoint(path)
        """
        self.assertCodemod(before, after)

    def test_try_except_import_error_fallback_keeps_its_shape(self) -> None:
        before = """
            try:
                from mmcv.runner import Hook
            except ImportError:
                from mmengine.hooks import Hook
        """
        after = """
            try:
                from mmcompat.hooks import Hook
            except ImportError:
                from mmengine.hooks import Hook
        """
        self.assertCodemod(before, after)

    def test_nested_import_with_two_destinations_splits_in_place(self) -> None:
        before = """
            def f():
                from mmcv.runner import Hook, get_dist_info, auto_fp16
                return Hook, get_dist_info, auto_fp16
        """
        after = """
            def f():
                # TODO(mmcompat): auto_fp16: fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast
                from mmcv.runner import auto_fp16
                from mmcompat.hooks import Hook
                from mmcompat.dist import get_dist_info
                return Hook, get_dist_info, auto_fp16
        """
        self.assertCodemod(before, after)


class TestAttributeUses(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_mmcv_config_attribute_becomes_bare_name_and_import_dropped(self) -> None:
        before = """
            import mmcv

            cfg = mmcv.Config.fromfile('cfg.py')
        """
        after = """
            from mmcompat.config import Config

            cfg = Config.fromfile('cfg.py')
        """
        self.assertCodemod(before, after)

    def test_import_mmcv_kept_while_image_helpers_use_it(self) -> None:
        before = """
            import mmcv

            cfg = mmcv.Config.fromfile('cfg.py')
            img = mmcv.imread('a.jpg')
        """
        after = """
            import mmcv
            from mmcompat.config import Config

            cfg = Config.fromfile('cfg.py')
            img = mmcv.imread('a.jpg')
        """
        self.assertCodemod(before, after)

    def test_submodule_alias_attribute(self) -> None:
        before = """
            import mmcv.runner as mr

            rank, world = mr.get_dist_info()
        """
        after = """
            from mmcompat.dist import get_dist_info

            rank, world = get_dist_info()
        """
        self.assertCodemod(before, after)

    def test_import_of_dropped_submodule_goes_when_unused(self) -> None:
        before = """
            import os, mmcv.runner

            def f():
                return mmcv.runner.get_dist_info()
        """
        after = """
            import os

            from mmcompat.dist import get_dist_info

            def f():
                return get_dist_info()
        """
        self.assertCodemod(before, after)

    def test_import_of_dropped_submodule_becomes_import_mmcv_while_mmcv_used(
        self,
    ) -> None:
        before = """
            import mmcv.runner

            def f(path):
                return mmcv.runner.get_dist_info(), mmcv.imread(path)
        """
        after = """
            import mmcv
            from mmcompat.dist import get_dist_info

            def f(path):
                return get_dist_info(), mmcv.imread(path)
        """
        self.assertCodemod(before, after)

    def test_import_of_dropped_submodule_still_used_gets_todo(self) -> None:
        before = """
            import os
            import mmcv.runner

            x = mmcv.runner.some_private_helper()
        """
        after = """
            import os
            # TODO(mmcompat): mmcv.runner was removed in MMCV 2.x
            import mmcv.runner

            x = mmcv.runner.some_private_helper()
        """
        self.assertCodemod(before, after)

    def test_taken_name_keeps_attribute_with_todo(self) -> None:
        before = """
            import mmcv

            Config = object
            cfg = mmcv.Config.fromfile('cfg.py')
        """
        after = """
            import mmcv

            Config = object
            # TODO(mmcompat): mmcv.Config moved to mmcompat.config.Config; the name Config is taken here
            cfg = mmcv.Config.fromfile('cfg.py')
        """
        self.assertCodemod(before, after)

    def test_name_only_in_strings_and_comments_is_free(self) -> None:
        before = """
            import mmcv

            def load(config):
                \"\"\"config (str | Config): a path or a Config.\"\"\"
                return mmcv.Config.fromfile(config)  # a Config
        """
        after = """
            from mmcompat.config import Config

            def load(config):
                \"\"\"config (str | Config): a path or a Config.\"\"\"
                return Config.fromfile(config)  # a Config
        """
        self.assertCodemod(before, after)

    def test_attribute_mmcompat_lacks_gets_todo(self) -> None:
        before = """
            import mmcv.runner.checkpoint

            def f():
                return mmcv.runner.checkpoint.get_torchvision_models()
        """
        after = """
            import mmcv.runner.checkpoint

            def f():
                # TODO(mmcompat): get_torchvision_models moved to mmengine.runner.get_torchvision_models in MMEngine, which mmcompat does not provide
                return mmcv.runner.checkpoint.get_torchvision_models()
        """
        self.assertCodemod(before, after)

    def test_utils_attribute_moves_to_mmcompat(self) -> None:
        before = """
            import mmcv

            def f(x):
                return mmcv.concat_list(x)
        """
        after = """
            from mmcompat.utils import concat_list

            def f(x):
                return concat_list(x)
        """
        self.assertCodemod(before, after)


class TestIdempotence(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_second_run_adds_no_second_todo(self) -> None:
        code = """
            # TODO(mmcompat): auto_fp16: fp16 decorators were removed: use AmpOptimWrapper (optim_wrapper=dict(type='AmpOptimWrapper', ...)) or torch.autocast
            from mmcv.runner import auto_fp16
        """
        self.assertCodemod(code, code)


class TestRegistryParents(CodemodTest):
    """A legacy parentless registry named like a root registry becomes the
    root's child (before: a separate root the new Runner never reached)."""

    TRANSFORM = LegacyImportsCommand

    def test_parentless_dataset_registry_gets_root_parent(self) -> None:
        before = """
            from mmcv.utils import Registry

            DATASETS = Registry('dataset')
        """
        after = """
            from mmcompat.registry import DATASETS as MMCOMPAT_DATASETS, Registry

            DATASETS = Registry('dataset', parent=MMCOMPAT_DATASETS)
        """
        self.assertCodemod(before, after)

    def test_target_mmengine_parents_to_mmengine_root(self) -> None:
        before = """
            from mmcv.utils import Registry

            HOOKS = Registry('hooks')
        """
        after = """
            from mmengine.registry import HOOKS as MMENGINE_HOOKS, Registry

            HOOKS = Registry('hooks', parent=MMENGINE_HOOKS)
        """
        self.assertCodemod(before, after, target="mmengine")

    def test_plural_name_is_kept_and_parent_added(self) -> None:
        before = """
            import mmcv

            MODELS = mmcv.Registry('models')
        """
        after = """
            from mmcompat.registry import MODELS as MMCOMPAT_MODELS, Registry

            MODELS = Registry('models', parent=MMCOMPAT_MODELS)
        """
        self.assertCodemod(before, after)

    def test_multiline_call_keeps_its_layout(self) -> None:
        before = """
            from mmcv.utils import Registry

            METRICS = Registry(
                'metric',
            )
        """
        after = """
            from mmcompat.registry import METRICS as MMCOMPAT_METRICS, Registry

            METRICS = Registry(
                'metric',
                parent=MMCOMPAT_METRICS,
            )
        """
        self.assertCodemod(before, after)

    def test_existing_parent_and_library_names_are_left_alone(self) -> None:
        before = """
            from mmcv.cnn import MODELS as MMCV_MODELS
            from mmcv.utils import Registry

            MODELS = Registry('models', parent=MMCV_MODELS)
            PIPELINES = Registry('pipeline')
            OTHER = Registry('model', None, MMCV_MODELS)
        """
        after = """
            from mmcompat.registry import MODELS as MMCV_MODELS, Registry

            MODELS = Registry('models', parent=MMCV_MODELS)
            PIPELINES = Registry('pipeline')
            OTHER = Registry('model', None, MMCV_MODELS)
        """
        self.assertCodemod(before, after)

    def test_taken_alias_gets_a_todo_instead(self) -> None:
        before = """
            from mmcv.utils import Registry

            MMCOMPAT_DATASETS = {}
            DATASETS = Registry('dataset')
        """
        after = """
            from mmcompat.registry import Registry

            MMCOMPAT_DATASETS = {}
            # TODO(mmcompat): Registry('dataset') needs parent=mmcompat.registry.DATASETS (the new Runner builds from the root registries); the name MMCOMPAT_DATASETS is taken here
            DATASETS = Registry('dataset')
        """
        self.assertCodemod(before, after)

    def test_new_style_registry_is_not_touched_again(self) -> None:
        before = """
            from mmcompat.registry import DATASETS as MMCOMPAT_DATASETS, Registry

            DATASETS = Registry('dataset', parent=MMCOMPAT_DATASETS)
            OWN = Registry('dataset')
        """
        self.assertCodemod(before, before)


def test_registry_parent_table_names_every_root_registry() -> None:
    import mmcompat.registry.root as root
    from mmcompat.registry import Registry
    from mmcompat.tables.registries import ROOT_REGISTRIES, root_registry_for

    roots = {v.name: k for k, v in vars(root).items() if isinstance(v, Registry)}
    assert roots == ROOT_REGISTRIES
    assert root_registry_for("models") == "MODELS"
    assert root_registry_for("pipeline") is None


class TestParrotsWrapperNames(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_private_batchnorm_moves_to_mmengine_dl_utils(self) -> None:
        before = """
            from mmcv.utils.parrots_wrapper import _BatchNorm
            from mmcv.utils import _InstanceNorm
        """
        after = """
            from mmengine.utils.dl_utils.parrots_wrapper import _BatchNorm, _InstanceNorm
        """
        self.assertCodemod(before, after, target="mmengine")

    def test_private_batchnorm_moves_to_mmcompat_parrots_wrapper(self) -> None:
        before = """
            from mmcv.utils.parrots_wrapper import _BatchNorm
        """
        after = """
            from mmcompat.utils.dl_utils.parrots_wrapper import _BatchNorm
        """
        self.assertCodemod(before, after)


class TestImportGroups(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_new_import_joins_the_third_party_group_not_the_local_one(self) -> None:
        before = """
            import os

            import torch
            from mmcv.runner import get_dist_info

            from .utils import helper

            x = get_dist_info(), os, torch, helper
        """
        after = """
            import os

            import torch
            from mmcompat.dist import get_dist_info

            from .utils import helper

            x = get_dist_info(), os, torch, helper
        """
        self.assertCodemod(before, after)

    def test_new_import_follows_remaining_mmcv_imports(self) -> None:
        before = """
            import torch
            from mmcv.cnn import ConvModule
            from mmcv.runner import BaseModule
            import numpy as np

            from mmdet.core import multi_apply

            from ..builder import NECKS
        """
        after = """
            import torch
            from mmcv.cnn import ConvModule
            from mmcompat.model import BaseModule
            import numpy as np

            from mmdet.core import multi_apply

            from ..builder import NECKS
        """
        self.assertCodemod(before, after)

    def test_first_party_group_stays_after_the_third_party_one(self) -> None:
        before = """
            import torch
            from mmcv.runner import BaseModule

            from mmdet.core import multi_apply

            from ..builder import NECKS
        """
        after = """
            import torch
            from mmcompat.model import BaseModule

            from mmdet.core import multi_apply

            from ..builder import NECKS
        """
        self.assertCodemod(before, after)

    def test_blank_line_between_stdlib_and_new_group_is_kept(self) -> None:
        before = """
            import os

            from mmcv.runner import get_dist_info

            from .a import b

            x = get_dist_info(), os, b
        """
        after = """
            import os

            from mmcompat.dist import get_dist_info

            from .a import b

            x = get_dist_info(), os, b
        """
        self.assertCodemod(before, after)


class TestRemovedPackages(CodemodTest):
    TRANSFORM = LegacyImportsCommand

    def test_tensorrt_import_gets_one_todo_naming_mmdeploy(self) -> None:
        before = """
            def load(path):
                from mmcv.tensorrt import TRTWraper, load_tensorrt_plugin
                load_tensorrt_plugin()
                return TRTWraper(path)
        """
        after = """
            def load(path):
                # TODO(mmcompat): mmcv.tensorrt was removed in MMCV 2.x: TensorRT conversion and inference moved to MMDeploy (mmdeploy: its TensorRT backend and custom-op plugins)
                from mmcv.tensorrt import TRTWraper, load_tensorrt_plugin
                load_tensorrt_plugin()
                return TRTWraper(path)
        """
        self.assertCodemod(before, after)

    def test_onnx_symbolics_name_mmdeploy(self) -> None:
        before = """
            from mmcv.onnx.symbolic import register_extra_symbolics
        """
        after = """
            # TODO(mmcompat): mmcv.onnx was removed in MMCV 2.x: ONNX export moved to MMDeploy (mmdeploy), which registers the custom op symbolics itself
            from mmcv.onnx.symbolic import register_extra_symbolics
        """
        self.assertCodemod(before, after)

    def test_mlu_wrapper_names_the_runner_device_support(self) -> None:
        before = """
            from mmcv.device.mlu import MLUDataParallel
        """
        after = """
            # TODO(mmcompat): mmcv.device was removed in MMCV 2.x: no device wrappers: the Runner places the model on MLU/NPU/MPS devices itself (mmengine.device detects them, with the vendor's torch extension, e.g. torch_mlu or torch_npu, installed)
            from mmcv.device.mlu import MLUDataParallel
        """
        self.assertCodemod(before, after)
