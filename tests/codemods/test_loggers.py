"""Before/after pairs for ``codemods.loggers`` (LegacyLoggerCommand)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.loggers import LegacyLoggerCommand


class TestGetLogger(CodemodTest):
    TRANSFORM = LegacyLoggerCommand

    def test_keyword_call_becomes_mmlogger_instance_with_same_record_name(
        self,
    ) -> None:
        before = """
            import logging

            from mmcv.utils import get_logger

            def get_root_logger(log_file=None, log_level=logging.INFO):
                return get_logger(name='mmdet', log_file=log_file, log_level=log_level)
        """
        after = """
            import logging

            from mmcompat.logging import MMLogger

            def get_root_logger(log_file=None, log_level=logging.INFO):
                return MMLogger.get_instance('mmdet', logger_name='mmdet', log_file=log_file, log_level=log_level)
        """
        self.assertCodemod(before, after)

    def test_positional_arguments_become_keywords(self) -> None:
        before = """
            import mmcv

            logger = mmcv.get_logger(__name__, 'run.log', 'DEBUG', 'a')
        """
        after = """
            from mmengine.logging import MMLogger

            logger = MMLogger.get_instance(__name__, logger_name=__name__, log_file='run.log', log_level='DEBUG', file_mode='a')
        """
        self.assertCodemod(before, after, target="mmengine")

    def test_computed_name_is_evaluated_once(self) -> None:
        before = """
            from mmcv.utils import get_logger

            logger = get_logger(make_name())
        """
        after = """
            from mmcompat.logging import MMLogger

            logger = MMLogger.get_instance(make_name())
        """
        self.assertCodemod(before, after)

    def test_get_logger_of_another_library_stays(self) -> None:
        before = """
            from mylib import get_logger

            logger = get_logger('x')
        """
        self.assertCodemod(before, before)
