from __future__ import annotations

import logging
import re

import pytest

from mmcompat.logging import MMLogger, print_log
from mmcompat.logging import logger as logger_module

LINE = re.compile(r"^\d\d/\d\d \d\d:\d\d:\d\d - (\S+) - (\w+) - (.*)$")


def test_console_record_format(capsys):
    logger = MMLogger.get_instance("exp", logger_name="demo")
    logger.info("hello")
    out = capsys.readouterr().out.strip()
    match = LINE.match(out)
    assert match, out
    assert match.groups() == ("demo", "INFO", "hello")


def test_error_records_add_the_code_location(capsys):
    logger = MMLogger.get_instance("exp")
    logger.error("boom")
    out = capsys.readouterr().out
    assert (
        "ERROR - " in out
        and "test_logger.py - test_error_records_add_the_code_location - " in out
    )


def test_console_is_not_coloured_when_not_a_terminal(capsys):
    MMLogger.get_instance("exp").warning("plain")
    assert "\033[" not in capsys.readouterr().out


def test_log_level_filters_console(capsys):
    logger = MMLogger.get_instance("exp", log_level="WARNING")
    logger.info("hidden")
    logger.warning("shown")
    out = capsys.readouterr().out
    assert "hidden" not in out and "shown" in out


def test_bad_log_level_is_rejected():
    with pytest.raises(ValueError, match="log level"):
        MMLogger("exp", log_level="LOUD")


def test_repeated_warning_is_shown_once(capsys):
    logger = MMLogger.get_instance("exp")
    for _ in range(3):
        logger.warning("same")
    logger.info("same")
    logger.info("same")
    out = capsys.readouterr().out
    assert out.count("WARNING - same") == 1
    assert out.count("INFO - same") == 2


def test_rank0_writes_the_log_file(tmp_path):
    log_file = tmp_path / "sub" / "run.log"
    logger = MMLogger.get_instance("exp", log_file=str(log_file))
    logger.info("to file")
    logger.debug("not at INFO")
    logger.close()
    text = log_file.read_text()
    assert re.search(
        r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d - mmcompat - INFO - to file$", text, re.M
    )
    assert "not at INFO" not in text
    assert logger.log_file == str(log_file)


def test_file_mode_append_keeps_previous_lines(tmp_path):
    log_file = tmp_path / "run.log"
    log_file.write_text("old line\n")
    logger = MMLogger.get_instance("exp", log_file=str(log_file), file_mode="a")
    logger.info("new line")
    logger.close()
    text = log_file.read_text()
    assert text.startswith("old line\n") and "new line" in text


def test_file_handler_cfg_builds_the_named_handler(tmp_path):
    log_file = tmp_path / "run.log"
    logger = MMLogger.get_instance(
        "exp",
        log_file=str(log_file),
        file_handler_cfg=dict(type="RotatingFileHandler", maxBytes=1000),
    )
    assert any(
        isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers
    )
    with pytest.raises(ValueError, match="NoSuchHandler"):
        MMLogger(
            "other", log_file=str(log_file), file_handler_cfg=dict(type="NoSuchHandler")
        )


def test_other_ranks_console_only_shows_errors_and_write_no_file(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(logger_module, "_rank_and_world_size", lambda: (1, 2))
    log_file = tmp_path / "run.log"
    logger = MMLogger.get_instance("exp", log_file=str(log_file))
    logger.info("quiet")
    logger.error("loud")
    out = capsys.readouterr().out
    assert "quiet" not in out and "loud" in out
    assert not log_file.exists()
    assert not any(isinstance(h, logging.FileHandler) for h in logger.handlers)


def test_distributed_ranks_write_their_own_named_file(tmp_path, monkeypatch):
    monkeypatch.setattr(logger_module, "_rank_and_world_size", lambda: (1, 2))
    monkeypatch.setattr(logger_module, "_host_info", lambda: "me@box")
    monkeypatch.setenv("LOCAL_RANK", "1")
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    logger = MMLogger.get_instance(
        "exp", log_file=str(tmp_path / "run.log"), distributed=True
    )
    logger.info("rank one")
    logger.close()
    expected = tmp_path / "run_me@box_device1_rank1.log"
    assert logger.log_file == str(expected)
    assert "rank one" in expected.read_text()


def test_logger_is_not_registered_with_logging():
    logger = MMLogger.get_instance("exp", logger_name="unique-mmcompat-name")
    assert logging.getLogger("unique-mmcompat-name") is not logger
    assert logger.instance_name == "exp"


def test_get_current_instance_creates_a_default_logger():
    logger = MMLogger.get_current_instance()
    assert logger.instance_name == "mmcompat" and logger.name == "mmcompat"
    newer = MMLogger.get_instance("newer")
    assert MMLogger.get_current_instance() is newer


def test_set_level_filters_records(capsys):
    logger = MMLogger.get_instance("exp")
    logger.setLevel(logging.ERROR)
    logger.info("dropped")
    logger.error("kept")
    out = capsys.readouterr().out
    assert "dropped" not in out and "kept" in out


def test_print_log_none_prints(capsys):
    print_log("plain message")
    assert capsys.readouterr().out == "plain message\n"


def test_print_log_silent_prints_nothing(capsys):
    MMLogger.get_instance("exp")
    print_log("shh", logger="silent")
    assert capsys.readouterr().out == ""


def test_print_log_current_uses_latest_logger(capsys):
    MMLogger.get_instance("first", logger_name="first")
    MMLogger.get_instance("second", logger_name="second")
    print_log("hi", logger="current", level=logging.WARNING)
    assert " - second - WARNING - hi" in capsys.readouterr().out


def test_print_log_by_instance_name(capsys):
    MMLogger.get_instance("named", logger_name="named-logger")
    MMLogger.get_instance("later")
    print_log("routed", logger="named")
    assert " - named-logger - INFO - routed" in capsys.readouterr().out


def test_print_log_unknown_name_raises():
    with pytest.raises(ValueError, match="nobody"):
        print_log("x", logger="nobody")


def test_print_log_accepts_a_plain_logger(caplog):
    plain = logging.getLogger("mmcompat-test-plain")
    with caplog.at_level(logging.INFO, logger="mmcompat-test-plain"):
        print_log("via logging", logger=plain)
    assert caplog.records[-1].getMessage() == "via logging"


def test_print_log_rejects_other_types():
    with pytest.raises(TypeError, match="logger"):
        print_log("x", logger=42)


def test_print_log_accepts_a_level_name(capsys):
    MMLogger.get_instance("exp")
    print_log("named level", logger="current", level="WARNING")
    assert " - WARNING - named level" in capsys.readouterr().out
    with pytest.raises(ValueError, match="LOUD"):
        print_log("x", logger="current", level="LOUD")
