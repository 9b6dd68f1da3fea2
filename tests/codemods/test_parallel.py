"""Before/after pairs for ``codemods.parallel`` (LegacyParallelCommand)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.engine import rewrite_source
from codemods.parallel import LegacyParallelCommand


class TestDropMMDataParallel(CodemodTest):
    TRANSFORM = LegacyParallelCommand

    def test_rewrapping_the_same_name_is_removed(self) -> None:
        before = """
            from mmcv.parallel import MMDataParallel

            def main(model, cfg):
                model = MMDataParallel(model, device_ids=cfg.gpu_ids)
                return model
        """
        after = """
            def main(model, cfg):
                return model
        """
        self.assertCodemod(before, after)

    def test_wrapped_expression_is_kept(self) -> None:
        before = """
            from mmcv.parallel import MMDataParallel, collate

            model = MMDataParallel(model.cuda(cfg.gpu_ids[0]), device_ids=cfg.gpu_ids)
            loader = make_loader(collate)
        """
        after = """
            from mmcv.parallel import collate

            model = model.cuda(cfg.gpu_ids[0])
            loader = make_loader(collate)
        """
        self.assertCodemod(before, after)

    def test_module_keyword_and_attribute_access(self) -> None:
        before = """
            import mmcv

            runner = Runner(mmcv.parallel.MMDataParallel(module=net, dim=0))
        """
        after = """
            runner = Runner(net)
        """
        self.assertCodemod(before, after)

    def test_only_statement_of_a_block_leaves_pass(self) -> None:
        before = """
            from mmcv.parallel import MMDataParallel as DP

            if single:
                model = DP(model)
        """
        after = """
            if single:
                pass
        """
        self.assertCodemod(before, after)

    def test_star_arguments_get_a_todo(self) -> None:
        before = """
            from mmcv.parallel import MMDataParallel

            model = MMDataParallel(*args)
        """
        after = """
            from mmcv.parallel import MMDataParallel

            # TODO(mmcompat): MMDataParallel(*args): pass the model itself; the runner moves it to the device and the data preprocessor moves the batches
            model = MMDataParallel(*args)
        """
        self.assertCodemod(before, after)

    def test_another_librarys_wrapper_stays(self) -> None:
        before = """
            from mylib.parallel import MMDataParallel

            model = MMDataParallel(model)
        """
        self.assertCodemod(before, before)


def test_distributed_wrapper_keeps_its_call_and_moves_its_import() -> None:
    source = (
        "from mmcv.parallel import MMDistributedDataParallel\n\n"
        "model = MMDistributedDataParallel(model, device_ids=[0], "
        "broadcast_buffers=False)\n"
    )
    rewritten, counts = rewrite_source(source, target="mmengine")
    assert "from mmengine.model import MMDistributedDataParallel" in rewritten
    assert "MMDistributedDataParallel(model, device_ids=[0]" in rewritten
    assert counts["parallel.MMDataParallel"] == 0
