"""Bad input: one ConfigError naming the file (and key / line), no deep traceback."""

from __future__ import annotations

import pytest

from mmcompat.config import (
    Config,
    ConfigError,
    ConfigFileNotFoundError,
    ConfigFormatError,
    ConfigKeyError,
    ConfigSyntaxError,
    ConfigTypeError,
    format_python,
)


def _load_error(path: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        Config.fromfile(path)
    return info.value


def test_python_syntax_error_names_file_and_line(write):
    path = write("syntax.py", "a = 1\nb = dict(\nc = 2\n")
    error = _load_error(path)
    assert isinstance(error, ConfigSyntaxError) and isinstance(error, SyntaxError)
    assert error.filename == path and error.lineno == 2
    assert str(error).startswith(f"{path}:2: invalid Python syntax")


def test_syntax_error_in_a_base_names_the_base(write):
    base = write("base.py", "x = = 1\n")
    child = write("child.py", "_base_ = './base.py'\n")
    error = _load_error(child)
    assert isinstance(error, ConfigSyntaxError) and error.filename == base


def test_runtime_error_in_config_names_file_and_line(write):
    path = write("run.py", "a = 1\nb = undefined_name + 1\n")
    error = _load_error(path)
    assert error.filename == path and error.lineno == 2
    assert "NameError" in str(error) and "undefined_name" in str(error)


def test_missing_config_file(tmp_path):
    error = _load_error(str(tmp_path / "nothere.py"))
    assert isinstance(error, ConfigFileNotFoundError) and isinstance(
        error, FileNotFoundError
    )
    assert "nothere.py" in str(error)


def test_missing_base_file_names_including_file_and_base(write):
    path = write("child.py", "_base_ = ['./nope.py']\n")
    error = _load_error(path)
    assert isinstance(error, ConfigFileNotFoundError)
    assert error.filename == path and error.key == "_base_"
    assert "./nope.py" in str(error)


def test_cycle_in_bases_is_reported_not_recursed(write):
    write("a.py", "_base_ = './b.py'\n")
    write("b.py", "_base_ = './a.py'\n")
    error = _load_error(write("c.py", "_base_ = './a.py'\n"))
    assert "cycle" in str(error) and "a.py -> " in str(error) and error.key == "_base_"


def test_self_inclusion_is_a_cycle(write):
    path = write("self.py", "_base_ = './self.py'\n")
    assert "cycle" in str(_load_error(path))


def test_dict_over_non_dict_base_without_delete(write):
    write("base.py", "opt = dict(grad_clip=None)\n")
    path = write(
        "child.py", "_base_ = './base.py'\nopt = dict(grad_clip=dict(max_norm=1))\n"
    )
    error = _load_error(path)
    assert isinstance(error, ConfigTypeError) and isinstance(error, TypeError)
    assert error.filename == path and error.key == "opt.grad_clip"
    assert "_delete_=True" in str(error)


def test_delete_with_non_bool_value(write):
    write("base.py", "opt = dict(lr=1)\n")
    path = write("child.py", "_base_ = './base.py'\nopt = dict(_delete_='yes')\n")
    error = _load_error(path)
    assert isinstance(error, ConfigTypeError) and error.key == "opt._delete_"


def test_delete_at_top_level(write):
    write("base.py", "opt = dict(lr=1)\n")
    path = write("child.py", "_base_ = './base.py'\n_delete_ = True\n")
    error = _load_error(path)
    assert isinstance(error, ConfigKeyError) and error.key == "_delete_"


def test_unknown_text_base_reference_names_file_line_and_key(write):
    write("base.py", "opt = dict(lr=1)\n")
    path = write(
        "child.py", "_base_ = './base.py'\n\nfoo = dict(bar={{_base_.opt.nope}})\n"
    )
    error = _load_error(path)
    assert isinstance(error, ConfigKeyError) and isinstance(error, KeyError)
    assert error.filename == path and error.lineno == 3 and error.key == "foo.bar"
    assert "opt.nope" in str(error)


def test_unknown_variable_base_reference(write):
    write("base.py", "opt = dict(lr=1)\n")
    path = write("child.py", "_base_ = './base.py'\nx = _base_.nope\n")
    error = _load_error(path)
    assert error.filename == path and error.lineno == 2 and "nope" in str(error)


def test_text_base_reference_without_bases(write):
    error = _load_error(write("lonely.py", "x = {{_base_.a}}\n"))
    assert isinstance(error, ConfigKeyError) and error.key == "x"


def test_yaml_that_is_not_a_mapping(write):
    path = write("list.yaml", "- a\n- b\n")
    error = _load_error(path)
    assert isinstance(error, ConfigTypeError) and error.filename == path
    assert "mapping" in str(error)


def test_invalid_yaml_and_json_name_the_line(write):
    yaml_error = _load_error(write("bad.yaml", "a: 1\nb: [1, 2\n"))
    json_error = _load_error(write("bad.json", '{\n"a": 1,\n}'))
    assert isinstance(yaml_error, ConfigSyntaxError) and yaml_error.lineno is not None
    assert isinstance(json_error, ConfigSyntaxError) and json_error.lineno == 3


def test_unsupported_extension(write):
    error = _load_error(write("cfg.txt", "a = 1\n"))
    assert isinstance(error, ConfigFormatError) and isinstance(error, OSError)
    assert "cfg.txt" in str(error) and ".txt" in str(error)


def test_base_that_is_not_a_path(write):
    error = _load_error(write("b.py", "_base_ = 5\n"))
    assert isinstance(error, ConfigTypeError) and error.key == "_base_"


def test_base_from_installed_package_is_refused(write):
    error = _load_error(write("pkg.py", "_base_ = 'mmdet::retinanet/r.py'\n"))
    assert isinstance(error, ConfigFormatError) and "mmdet::" in str(error)


def test_base_expression_using_names_is_refused(write):
    error = _load_error(write("n.py", "root = './x'\n_base_ = root + '.py'\n"))
    assert error.key == "_base_" and error.lineno == 2


def test_missing_env_variable_without_default(write, monkeypatch):
    monkeypatch.delenv("MMCOMPAT_UNSET_VAR", raising=False)
    error = _load_error(write("env.py", "a = 1\nroot = '{{$MMCOMPAT_UNSET_VAR:}}'\n"))
    assert isinstance(error, ConfigKeyError) and error.lineno == 2
    assert "MMCOMPAT_UNSET_VAR" in str(error)


def test_pure_python_style_config_is_refused_clearly(write):
    path = write(
        "lazy.py",
        "from mmengine.config import read_base\nwith read_base():\n    from .base import *\n",
    )
    error = _load_error(path)
    assert isinstance(error, ConfigFormatError) and error.lineno == 2


def test_dump_to_unknown_extension(tmp_path):
    with pytest.raises(ConfigFormatError):
        Config(dict(a=1)).dump(str(tmp_path / "cfg.toml"))
    assert not list(tmp_path.iterdir())


def test_format_python_rejects_non_identifier_top_level_key():
    with pytest.raises(ConfigKeyError, match="a-b"):
        format_python({"a-b": 1})


def test_format_python_rejects_unwritable_value():
    with pytest.raises(ConfigTypeError, match=r"key 'model\.obj'"):
        format_python({"model": {"obj": object()}})


def test_errors_pickle_with_their_location(write):
    import pickle

    error = _load_error(write("s.py", "a = (\n"))
    loaded = pickle.loads(pickle.dumps(error))
    assert type(loaded) is type(error) and str(loaded) == str(error)
