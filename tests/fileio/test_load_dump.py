"""load/dump round trips on real files and file objects."""

from __future__ import annotations

import io
import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from mmcompat import fileio

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2] / "fixtures/golden/fileio_utils/golden.json"
    ).read_text()
)
OBJ = {
    "name": "cfg",
    "lr": 0.02,
    "steps": [8, 11],
    "pair": (1, 2),
    "nested": {"a": None, "b": True},
}


@pytest.mark.golden
def test_golden_recorded_from_mmengine_0_10_7() -> None:
    assert GOLDEN["versions"] == {"mmengine": "0.10.7"}


@pytest.mark.golden
@pytest.mark.parametrize("fmt", ["json", "yaml", "json_indent"])
def test_dump_to_str_matches_mmengine(fmt: str) -> None:
    kwargs = {"indent": 2} if fmt == "json_indent" else {}
    text = fileio.dump(OBJ, file_format=fmt.split("_")[0], **kwargs)
    assert text == GOLDEN["dump"][fmt]


@pytest.mark.parametrize("ext", ["json", "yaml", "yml", "pkl", "pickle"])
def test_round_trip_through_a_path(tmp_path: Path, ext: str) -> None:
    obj = {"a": [1, 2.5, "x"], "b": {"c": None}}
    path = tmp_path / f"data.{ext}"
    assert fileio.dump(obj, str(path)) is None
    assert fileio.load(str(path)) == obj
    assert fileio.load(path) == obj  # pathlib.Path too


def test_yaml_round_trip_keeps_tuples(tmp_path: Path) -> None:
    fileio.dump(OBJ, tmp_path / "cfg.yaml")
    assert fileio.load(tmp_path / "cfg.yaml") == OBJ


def test_yaml_load_refuses_arbitrary_python_objects(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['true']\n")
    import yaml

    with pytest.raises(yaml.constructor.ConstructorError):
        fileio.load(path)


def test_round_trip_through_file_objects() -> None:
    buffer = io.StringIO()
    fileio.dump({"k": [1, 2]}, buffer, file_format="json")
    buffer.seek(0)
    assert fileio.load(buffer, file_format="json") == {"k": [1, 2]}
    binary = io.BytesIO()
    fileio.dump({"k": (1,)}, binary, file_format="pkl")
    binary.seek(0)
    assert fileio.load(binary, file_format="pickle") == {"k": (1,)}


def test_pickle_dump_to_str_is_protocol_2_bytes() -> None:
    data = fileio.dump([1, 2], file_format="pkl")
    assert isinstance(data, bytes) and data[:2] == b"\x80\x02"
    assert pickle.loads(data) == [1, 2]


def test_json_dump_converts_sets_ranges_and_numpy() -> None:
    obj = {
        "s": {3},
        "r": range(2),
        "a": np.arange(3),
        "f": np.float32(0.5),
        "z": np.array(7),
    }
    assert json.loads(fileio.dump(obj, file_format="json")) == {
        "s": [3],
        "r": [0, 1],
        "a": [0, 1, 2],
        "f": 0.5,
        "z": 7,
    }


def test_json_dump_of_unsupported_type_names_it() -> None:
    with pytest.raises(TypeError, match="object"):
        fileio.dump({"o": object()}, file_format="json")


def test_dump_creates_parent_directories(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.json"
    fileio.dump([1], str(target))
    assert json.loads(target.read_text()) == [1]


def test_failed_dump_leaves_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "out.pkl"
    fileio.dump({"ok": 1}, target)

    class Unpicklable:
        def __reduce__(self):
            raise RuntimeError("cannot pickle")

    with pytest.raises(RuntimeError):
        fileio.dump({"bad": Unpicklable()}, target)
    assert fileio.load(target) == {"ok": 1}
    assert os.listdir(tmp_path) == ["out.pkl"]


def test_crash_before_rename_keeps_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    fileio.put_text("old", target)

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        fileio.put_text("new", target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_written_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fileio.put(b"x", tmp_path / "f.bin")
    finally:
        os.umask(old)
    assert (tmp_path / "f.bin").stat().st_mode & 0o777 == 0o644


def test_dump_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("[]")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    fileio.dump([5], link)
    assert link.is_symlink() and json.loads(real.read_text()) == [5]


def test_unknown_format_is_a_type_error_listing_formats(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="Unsupported format: txt.*json"):
        fileio.load(tmp_path / "x.txt")


def test_dump_to_str_needs_a_format() -> None:
    with pytest.raises(ValueError, match="file_format must be specified"):
        fileio.dump({"a": 1})


def test_load_rejects_non_file_objects() -> None:
    with pytest.raises(TypeError, match="file-object"):
        fileio.load(123, file_format="json")


def test_remote_uri_gets_a_clear_error() -> None:
    with pytest.raises(ValueError, match="s3://.*local files only"):
        fileio.load("s3://bucket/ann.json")
    with pytest.raises(ValueError, match="'petrel' is not available"):
        fileio.get_file_backend(backend_args={"backend": "petrel"})


def test_file_client_args_still_work_with_a_deprecation(tmp_path: Path) -> None:
    fileio.dump({"a": 1}, tmp_path / "a.json")
    with pytest.warns(DeprecationWarning, match="backend_args"):
        assert fileio.load(
            str(tmp_path / "a.json"), file_client_args={"backend": "disk"}
        ) == {"a": 1}


def test_register_handler_adds_a_format(tmp_path: Path) -> None:
    @fileio.register_handler("upper")
    class UpperHandler(fileio.BaseFileHandler):
        def load_from_fileobj(self, file, **kwargs):
            return file.read().lower()

        def dump_to_fileobj(self, obj, file, **kwargs):
            file.write(obj.upper())

        def dump_to_str(self, obj, **kwargs):
            return obj.upper()

    try:
        fileio.dump("hello", tmp_path / "x.upper")
        assert (tmp_path / "x.upper").read_text() == "HELLO"
        assert fileio.load(tmp_path / "x.upper") == "hello"
    finally:
        fileio.file_handlers.pop("upper")


def test_register_handler_rejects_non_handlers() -> None:
    with pytest.raises(TypeError, match="BaseFileHandler"):
        fileio.register_handler("x")(dict)
