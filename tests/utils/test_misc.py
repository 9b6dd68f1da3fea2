"""Type checks, list helpers and decorators of mmcompat.utils."""

from __future__ import annotations

import json
import warnings
from collections import namedtuple
from pathlib import Path

import pytest

from mmcompat import utils

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2] / "fixtures/golden/fileio_utils/golden.json"
    ).read_text()
)


@pytest.mark.golden
def test_list_helpers_match_mmengine() -> None:
    assert utils.slice_list(list(range(6)), [1, 2, 3]) == GOLDEN["slice_list"]
    assert utils.concat_list([[1, 2], [3], []]) == GOLDEN["concat_list"]
    assert [list(utils.to_2tuple(3)), utils.to_2tuple("ab")] == GOLDEN["to_2tuple"]


@pytest.mark.golden
def test_sequence_checks_match_mmengine() -> None:
    assert [
        utils.is_seq_of("abc", str),
        utils.is_seq_of([1, 2], int),
        utils.is_list_of((1, 2), int),
        utils.is_tuple_of((1, 2.0), int),
        utils.is_seq_of([], int),
    ] == GOLDEN["is_seq_of"]


def test_is_seq_of_with_type_tuple_and_seq_type() -> None:
    assert utils.is_seq_of((1, 2.0), (int, float), seq_type=tuple)
    assert not utils.is_seq_of([1], int, seq_type=tuple)


def test_slice_list_by_int_and_errors() -> None:
    assert utils.slice_list([1, 2, 3, 4], 2) == [[1, 2], [3, 4]]
    with pytest.raises(ValueError, match="multiple"):
        utils.slice_list([1, 2, 3], 2)
    with pytest.raises(ValueError, match="3 != 2"):
        utils.slice_list([1, 2], [1, 2])
    with pytest.raises(TypeError):
        utils.slice_list([1, 2], (1, 1))


def test_to_ntuple_repeats_scalars_only() -> None:
    assert utils.to_ntuple(3)(0.5) == (0.5, 0.5, 0.5)
    assert utils.to_1tuple(1) == (1,)
    assert utils.to_4tuple([1, 2]) == [1, 2]


def test_casts() -> None:
    assert utils.list_cast(["1", "2"], int) == [1, 2]
    assert utils.tuple_cast([1, 2], str) == ("1", "2")
    assert list(utils.iter_cast("12", int)) == [1, 2]
    with pytest.raises(TypeError, match="iterable"):
        utils.iter_cast(1, int)


def test_is_str() -> None:
    assert utils.is_str("a") and not utils.is_str(b"a")


def test_import_modules_from_strings() -> None:
    import os.path

    assert utils.import_modules_from_strings("os.path") is os.path
    assert utils.import_modules_from_strings(["os.path", "json"]) == [os.path, json]
    assert utils.import_modules_from_strings(None) is None
    with pytest.raises(ImportError, match="Failed to import no_such_mod"):
        utils.import_modules_from_strings(["no_such_mod"])
    with pytest.warns(UserWarning, match="no_such_mod failed to import"):
        assert utils.import_modules_from_strings(
            ["no_such_mod"], allow_failed_imports=True
        ) == [None]
    with pytest.raises(TypeError):
        utils.import_modules_from_strings(("json",))


def test_deprecated_api_warning_renames_keywords() -> None:
    @utils.deprecated_api_warning({"old": "new"}, cls_name="Box")
    def f(new=0, other=1):
        return new, other

    with pytest.warns(DeprecationWarning, match='"old" is deprecated in `Box.f`'):
        assert f(old=5) == (5, 1)
    with pytest.raises(AssertionError, match="both"):
        f(old=1, new=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(new=3) == (3, 1)


def test_deprecated_function_logs_and_documents(caplog) -> None:
    @utils.deprecated_function("0.1", "0.3", "use g instead")
    def f():
        """Do f.

        Body."""
        return 7

    assert ".. deprecated:: 0.1" in f.__doc__ and "Do f." in f.__doc__
    from mmcompat.logging import MMLogger

    logger = MMLogger.get_current_instance()
    records = []
    handler = __import__("logging").Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        assert f() == 7
    finally:
        logger.removeHandler(handler)
    assert any("is deprecated in version 0.1" in r.getMessage() for r in records)


def test_requires_package_and_executable(capsys) -> None:
    @utils.requires_package("json")
    def ok():
        return 1

    @utils.requires_package(["json", "no_such_pkg_zz"])
    def missing():
        return 1

    @utils.requires_executable("no_such_exe_zz")
    def missing_exe():
        return 1

    assert ok() == 1
    with pytest.raises(RuntimeError, match="Prerequisites not meet"):
        missing()
    assert 'Prerequisites "no_such_pkg_zz" are required in method "missing"' in (
        capsys.readouterr().out
    )
    with pytest.raises(RuntimeError):
        missing_exe()


def test_is_method_overridden_and_has_method() -> None:
    class Base:
        def step(self):
            pass

        def other(self):
            pass

    class Child(Base):
        def step(self):
            pass

    assert utils.is_method_overridden("step", Base, Child)
    assert utils.is_method_overridden("step", Base, Child())
    assert not utils.is_method_overridden("other", Base, Child)
    with pytest.raises(TypeError):
        utils.is_method_overridden("step", Base(), Child)
    assert utils.has_method(Child(), "step") and not utils.has_method(Child(), "nope")


def test_apply_to_nested_containers() -> None:
    Point = namedtuple("Point", "x y")
    data = {"a": [1, "s", (2, Point(3, "t"))]}
    out = utils.apply_to(data, lambda v: isinstance(v, int), lambda v: v * 10)
    assert out == {"a": [10, "s", (20, Point(30, "t"))]}
    assert isinstance(out["a"][2][1], Point)


def test_get_object_from_string() -> None:
    assert utils.get_object_from_string("os.path.join") is __import__("os").path.join
    assert (
        utils.get_object_from_string("json.JSONDecoder.decode")
        is json.JSONDecoder.decode
    )
    assert utils.get_object_from_string("json.nope") is None
    assert utils.get_object_from_string("no_such_mod_zz.x") is None


def test_utils_exports_every_mmengine_name_but_install_and_rich() -> None:
    # mmengine.utils.__all__ of MMEngine 0.10.7
    mmengine_all = {
        "is_str",
        "iter_cast",
        "list_cast",
        "tuple_cast",
        "is_seq_of",
        "is_list_of",
        "is_tuple_of",
        "slice_list",
        "concat_list",
        "check_prerequisites",
        "requires_package",
        "requires_executable",
        "is_filepath",
        "fopen",
        "check_file_exist",
        "mkdir_or_exist",
        "symlink",
        "scandir",
        "deprecated_api_warning",
        "import_modules_from_strings",
        "to_1tuple",
        "to_2tuple",
        "to_3tuple",
        "to_4tuple",
        "to_ntuple",
        "is_installed",
        "call_command",
        "get_installed_path",
        "install_package",
        "is_abs",
        "is_method_overridden",
        "has_method",
        "digit_version",
        "get_git_hash",
        "ManagerMeta",
        "ManagerMixin",
        "Timer",
        "check_time",
        "TimerError",
        "ProgressBar",
        "track_iter_progress",
        "track_parallel_progress",
        "track_progress",
        "deprecated_function",
        "apply_to",
        "track_progress_rich",
        "get_object_from_string",
    }
    missing = sorted(n for n in mmengine_all if not hasattr(utils, n))
    assert missing == ["install_package", "track_progress_rich"]
    assert set(utils.__all__) == mmengine_all - set(missing)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_helper"):
        utils.no_such_helper  # noqa: B018
