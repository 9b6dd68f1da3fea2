"""Before/after pairs for ``codemods.decorators`` (fp16 and parrots)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.decorators import LegacyFp16Command, LegacyParrotsCommand


class TestFp16(CodemodTest):
    TRANSFORM = LegacyFp16Command

    def test_fp16_decorators_and_their_import_are_removed(self) -> None:
        before = """
            from mmcv.runner import BaseModule, auto_fp16, force_fp32

            class Head(BaseModule):
                @auto_fp16()
                def forward(self, x):
                    return x

                @force_fp32(apply_to=('cls_scores', 'bbox_preds'))
                def loss(self, cls_scores, bbox_preds):
                    return cls_scores
        """
        after = """
            from mmcv.runner import BaseModule

            class Head(BaseModule):
                def forward(self, x):
                    return x

                def loss(self, cls_scores, bbox_preds):
                    return cls_scores
        """
        self.assertCodemod(before, after)

    def test_other_decorators_and_their_comments_stay(self) -> None:
        before = """
            from mmcv.runner import force_fp32 as fp32

            class Head:
                # cached
                @fp32(apply_to=('x',))
                @staticmethod
                def loss(x):
                    return x
        """
        after = """
            class Head:
                # cached
                @staticmethod
                def loss(x):
                    return x
        """
        self.assertCodemod(before, after)

    def test_decorator_through_module_attribute_is_removed(self) -> None:
        before = """
            import mmcv.runner as r
            from mmcv.runner import Hook

            class Head:
                @r.auto_fp16(apply_to=('img',))
                def forward(self, img):
                    return img
        """
        after = """
            from mmcv.runner import Hook

            class Head:
                def forward(self, img):
                    return img
        """
        self.assertCodemod(before, after)

    def test_wrap_fp16_model_call_is_removed_with_one_todo(self) -> None:
        before = """
            from mmcv.runner import load_checkpoint, wrap_fp16_model

            def main(cfg, model):
                fp16_cfg = cfg.get('fp16', None)
                if fp16_cfg is not None:
                    wrap_fp16_model(model)
                load_checkpoint(model, cfg.checkpoint)
        """
        after = """
            from mmcv.runner import load_checkpoint

            def main(cfg, model):
                fp16_cfg = cfg.get('fp16', None)
                # TODO(mmcompat): wrap_fp16_model removed: fp16 training is optim_wrapper=dict(type='AmpOptimWrapper', ...) in the config; for fp16 inference run the forward under mmcompat.runner.autocast()
                if fp16_cfg is not None:
                    pass
                load_checkpoint(model, cfg.checkpoint)
        """
        self.assertCodemod(before, after)

    def test_a_name_that_is_not_mmcv_s_stays(self) -> None:
        before = """
            from mylib import force_fp32

            class Head:
                @force_fp32(apply_to=('x',))
                def loss(self, x):
                    return x
        """
        self.assertCodemod(before, before)

    def test_import_still_used_elsewhere_is_kept(self) -> None:
        before = """
            from mmcv.runner import auto_fp16

            class Neck:
                @auto_fp16()
                def forward(self, x):
                    return x

            HELPERS = [auto_fp16]
        """
        after = """
            from mmcv.runner import auto_fp16

            class Neck:
                def forward(self, x):
                    return x

            HELPERS = [auto_fp16]
        """
        self.assertCodemod(before, after)

    def test_import_named_in_dunder_all_is_kept(self) -> None:
        before = """
            from mmcv.runner import force_fp32

            __all__ = ['force_fp32']

            @force_fp32()
            def loss(x):
                return x
        """
        after = """
            from mmcv.runner import force_fp32

            __all__ = ['force_fp32']

            def loss(x):
                return x
        """
        self.assertCodemod(before, after)


class TestParrots(CodemodTest):
    TRANSFORM = LegacyParrotsCommand

    def test_mmcv_jit_decorators_are_removed_and_unused_import_mmcv_goes(
        self,
    ) -> None:
        before = """
            import mmcv
            import torch

            @mmcv.jit(derivate=True, coderize=True)
            def smooth_l1_loss(pred, target, beta=1.0):
                return torch.abs(pred - target)

            @mmcv.jit(coderize=True)
            def accuracy(pred, target):
                return pred == target
        """
        after = """
            import torch

            def smooth_l1_loss(pred, target, beta=1.0):
                return torch.abs(pred - target)

            def accuracy(pred, target):
                return pred == target
        """
        self.assertCodemod(before, after)

    def test_import_mmcv_used_elsewhere_is_kept(self) -> None:
        before = """
            import mmcv

            @mmcv.jit(coderize=True)
            def load(path):
                return mmcv.load(path)
        """
        after = """
            import mmcv

            def load(path):
                return mmcv.load(path)
        """
        self.assertCodemod(before, after)

    def test_jit_of_another_library_stays(self) -> None:
        before = """
            import torch

            @torch.jit.script
            def f(x):
                return x
        """
        self.assertCodemod(before, before)


class TestRemovedImportKeepsGroups(CodemodTest):
    TRANSFORM = LegacyFp16Command

    def test_removed_first_line_of_a_group_keeps_the_group_apart(self) -> None:
        before = """
            import os

            from mmcv.runner import auto_fp16
            import torch

            @auto_fp16()
            def f(x):
                return os, torch
        """
        after = """
            import os

            import torch

            def f(x):
                return os, torch
        """
        self.assertCodemod(before, after)
