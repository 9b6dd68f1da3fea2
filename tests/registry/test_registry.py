from __future__ import annotations

import pytest

from mmcompat.registry import DefaultScope, Registry, build_from_cfg


def make_tree():
    root = Registry("model", scope="mmcompat")
    child = Registry("model", parent=root, scope="mmdet")
    return root, child


def test_register_decorator_and_call_forms():
    reg = Registry("thing", scope="t")

    @reg.register_module()
    class A:
        pass

    def make_b():
        return "b"

    reg.register_module(name=["B", "B2"], module=make_b)
    assert reg.get("A") is A
    assert reg.get("B") is make_b and reg.get("B2") is make_b
    assert len(reg) == 3
    assert "A" in reg and "C" not in reg


def test_duplicate_registration_needs_force():
    reg = Registry("thing", scope="t")
    reg.register_module(name="A", module=int)
    with pytest.raises(KeyError, match="already registered"):
        reg.register_module(name="A", module=float)
    reg.register_module(name="A", module=float, force=True)
    assert reg.get("A") is float


def test_register_rejects_bad_name_type():
    reg = Registry("thing", scope="t")
    with pytest.raises(TypeError):
        reg.register_module(name=3, module=int)


def test_child_falls_back_to_parent_and_scoped_keys():
    root, child = make_tree()
    root.register_module(name="Base", module=int)
    child.register_module(name="Det", module=float)
    assert child.get("Base") is int
    assert root.get("Det") is None
    assert root.get("mmdet.Det") is float
    assert child.get("mmcompat.Base") is int
    # an explicit scope names exactly one registry: no parent fallback
    assert child.get("mmdet.Base") is None


def test_sibling_scope_lookup_through_root():
    root, det = make_tree()
    cls_reg = Registry("model", parent=root, scope="mmcls")
    cls_reg.register_module(name="Cls", module=str)
    assert det.get("mmcls.Cls") is str


def test_scope_is_inferred_from_defining_package():
    assert Registry("x").scope == "tests"


def test_build_with_default_args_and_callable_type():
    reg = Registry("thing", scope="t")

    @reg.register_module()
    class Point:
        def __init__(self, x, y=0):
            self.x, self.y = x, y

    p = reg.build(dict(type="Point", x=1), default_args=dict(y=5))
    assert (p.x, p.y) == (1, 5)
    p = build_from_cfg(dict(type=Point, x=2, y=3), reg, dict(y=9))
    assert (p.x, p.y) == (2, 3)


def test_build_unknown_type_names_registry_scope_and_close_matches():
    reg = Registry("optimizer", scope="mmcompat")
    reg.register_module(name="SGD", module=dict)
    reg.register_module(name="AdamW", module=dict)
    with pytest.raises(KeyError) as info:
        reg.build(dict(type="AdamV"))
    message = str(info.value)
    assert "'optimizer'" in message and "'mmcompat'" in message
    assert "AdamW" in message


def test_build_without_type_is_a_clear_error():
    reg = Registry("thing", scope="t")
    with pytest.raises(KeyError, match='"type"'):
        reg.build(dict(x=1))


def test_build_error_names_the_class():
    reg = Registry("thing", scope="t")

    @reg.register_module()
    class Strict:
        def __init__(self, a):
            pass

    with pytest.raises(TypeError, match="Strict"):
        reg.build(dict(type="Strict", b=1))


def test_default_scope_switches_registry_while_building():
    root, det = make_tree()
    root.register_module(name="Thing", module=lambda: "root")
    det.register_module(name="Thing", module=lambda: "det")
    assert root.build(dict(type="Thing")) == "root"
    assert root.build(dict(type="Thing", _scope_="mmdet")) == "det"
    with DefaultScope.overwrite_default_scope("mmdet"):
        assert DefaultScope.get_current_instance().scope_name == "mmdet"
        assert root.build(dict(type="Thing")) == "det"
    assert root.build(dict(type="Thing")) == "root"


def test_locations_are_imported_lazily(tmp_path, monkeypatch):
    pkg = tmp_path / "lazy_pkg_for_registry"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "from tests.registry.test_registry import LAZY\n"
        "LAZY.register_module(name='Lazy', module=list)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert LAZY.get("Lazy") is list


LAZY = Registry("lazy", scope="lazy", locations=["lazy_pkg_for_registry"])


def test_root_registries_lazy_import_their_members():
    from mmcompat.registry import HOOKS, OPTIMIZERS

    assert HOOKS.scope == "mmcompat" and OPTIMIZERS.name == "optimizer"


def test_param_schedulers_registry_converts_epoch_configs_without_prior_import():
    import subprocess
    import sys

    code = (
        "import torch\n"
        "from mmcompat.registry import PARAM_SCHEDULERS\n"
        "opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)\n"
        "s = PARAM_SCHEDULERS.build(dict(type='MultiStepLR', milestones=[1], "
        "convert_to_iter_based=True), default_args=dict(optimizer=opt, "
        "epoch_length=5))\n"
        "print(s.by_epoch, s.milestones)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False"
    assert "5" in "".join(out[1:])


def test_models_registry_builds_a_list_as_sequential():
    import torch.nn as nn

    from mmcompat.model import BaseModule
    from mmcompat.registry import MODELS

    if MODELS.get("LinearForRegistryTest") is None:
        MODELS.register_module(name="LinearForRegistryTest", module=nn.Linear)
    model = MODELS.build(
        [
            dict(type="LinearForRegistryTest", in_features=2, out_features=3),
            dict(type="LinearForRegistryTest", in_features=3, out_features=1),
        ]
    )
    assert isinstance(model, BaseModule) and isinstance(model, nn.Sequential)
    assert model(torch_ones(4, 2)).shape == (4, 1)


def torch_ones(*shape):
    import torch

    return torch.ones(*shape)


def test_child_of_models_builds_a_list_with_the_model_packages_function():
    # mmcompat.model sets MODELS' build function; a child created without
    # one uses its parent's, read when it builds
    import torch.nn as nn

    from mmcompat.model import Sequential
    from mmcompat.registry import MODELS

    child = Registry("model", parent=MODELS, scope="child_of_models")
    child.register_module(name="Lin", module=nn.Linear)
    try:
        # a default scope left by another test must not pick the root
        with DefaultScope.overwrite_default_scope("child_of_models"):
            built = child.build([dict(type="Lin", in_features=2, out_features=3)] * 2)
    finally:
        del MODELS.children["child_of_models"]
    assert isinstance(built, Sequential) and len(built) == 2


def test_root_registry_build_function_is_set_by_its_package_on_first_use():
    import subprocess
    import sys

    code = (
        "from mmcompat.registry import PARAM_SCHEDULERS\n"
        "print(PARAM_SCHEDULERS.build_func.__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "mmcompat.optim.scheduler.builder"
