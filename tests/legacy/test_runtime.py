"""The legacy runtime with real objects: aliases, facades, adapters, CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

from mmcompat.cli.main import main
from mmcompat.legacy.runtime.aliases import legacy_aliases

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
PROJECT = ROOT / "fixtures" / "legacy_project"


def _forget(*names: str) -> None:
    for name in names:
        sys.modules.pop(name, None)


def test_legacy_names_resolve_to_shims_and_mmcompat():
    with legacy_aliases():
        import mmcv
        from mmcv.runner import EpochBasedRunner, Hook, get_dist_info
        from mmcv.utils import Config

        from mmcompat.config import Config as NewConfig
        from mmcompat.legacy.runtime.runner import EpochBasedRunner as Facade

        assert mmcv.__version__ == "1.7.2"
        assert EpochBasedRunner is Facade and Config is NewConfig
        assert get_dist_info() == (0, 1)
        assert hasattr(Hook, "every_n_inner_iters")


def test_unavailable_legacy_symbol_imports_and_fails_when_used_naming_it():
    # MMCV 1.x had OptimizerHook: the import succeeds as with MMCV, the use
    # fails, naming the symbol, the importing line and what to do
    with legacy_aliases():
        from mmcv.runner import OptimizerHook

        line = sys._getframe().f_lineno - 2
        with pytest.raises(ImportError) as info:
            OptimizerHook(grad_clip=None)
    text = str(info.value)
    assert "`mmcv.runner.OptimizerHook`" in text and "optim_wrapper" in text
    assert f"test_runtime.py:{line}" in text


def test_name_mmcv_1x_never_had_fails_at_import_naming_file_and_line():
    with legacy_aliases():
        line = sys._getframe().f_lineno + 2
        with pytest.raises(ImportError) as info:
            from mmcv.runner import NoSuchRunner  # noqa: F401
    text = str(info.value)
    assert "`mmcv.runner.NoSuchRunner`" in text and f"test_runtime.py:{line}" in text
    assert "not a known MMCV 1.x symbol" in text


def test_unknown_legacy_module_raises_module_not_found():
    with legacy_aliases():
        with pytest.raises(ModuleNotFoundError, match="mmcv.tensorrt"):
            import mmcv.tensorrt  # noqa: F401


def test_aliases_are_gone_after_the_block():
    with legacy_aliases():
        import mmcv.runner  # noqa: F401
    # a real mmcv >= 2 stays imported (without the overlay), shims go
    mmcv = sys.modules.get("mmcv")
    assert mmcv is None or not mmcv.__version__.startswith("1.")
    assert "mmcv.runner" not in sys.modules and not hasattr(mmcv, "runner")
    assert not any(type(f).__name__ == "LegacyAliasFinder" for f in sys.meta_path)


def test_model_stepping_its_own_dict_of_optimizers_is_not_stepped_again(tmp_path):
    """GAN style: optimizer_config=None, train_step(data, optimizers)."""
    from torch.utils.data import DataLoader

    with legacy_aliases():
        sys.path.insert(0, str(PROJECT))
        try:
            from mmcv.runner import EpochBasedRunner
            from toyproj.data import ToyDataset
            from toyproj.models import ToyGAN
        finally:
            sys.path.remove(str(PROJECT))
            _forget("toyproj", "toyproj.data", "toyproj.models", "toyproj.hooks")

        def build():
            torch.manual_seed(0)
            model = ToyGAN()
            opts = {
                "generator": torch.optim.SGD(model.generator.parameters(), lr=0.1),
                "discriminator": torch.optim.SGD(
                    model.discriminator.parameters(), lr=0.1
                ),
            }
            return model, opts

        loader = DataLoader(ToyDataset(16), batch_size=4)
        model, opts = build()
        runner = EpochBasedRunner(
            model, optimizer=opts, work_dir=str(tmp_path), max_epochs=2
        )
        runner.register_training_hooks(lr_config=None, optimizer_config=None)
        runner.run([loader], [("train", 1)])

        # the same steps by hand
        expected, expected_opts = build()
        for _ in range(2):
            for batch in loader:
                expected.train_step(batch, expected_opts)
    for key, value in expected.state_dict().items():
        assert torch.equal(model.state_dict()[key], value), key
    assert runner.iter == 8 and runner.epoch == 2


def test_legacy_project_train_script_runs_unchanged(tmp_path, capsys):
    work = tmp_path / "work"
    code = main(
        ["run", "--path", str(PROJECT), str(PROJECT / "tools" / "train.py"),
         "--work-dir", str(work)]
    )  # fmt: skip
    _forget("toyproj", "toyproj.data", "toyproj.models", "toyproj.hooks")
    assert code == 0
    assert (work / "epoch_3.pth").is_file()
    assert "done" in (work / "train.log").read_text()


def test_run_missing_script_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.py")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_script_exit_code_is_returned(tmp_path):
    script = tmp_path / "exits.py"
    script.write_text("import sys\nfrom mmcv.runner import Hook\nsys.exit(3)\n")
    assert main(["run", str(script)]) == 3


def test_train_legacy_config_translates_and_trains(tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    work = tmp_path / "work"
    try:
        code = main(
            ["train", str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
             "--work-dir", str(work)]
        )  # fmt: skip
    finally:
        _forget("toy_registry", "legacy_toy")
    assert code == 0
    assert "legacy config translated" in capsys.readouterr().err
    checkpoint = torch.load(work / "epoch_2.pth", weights_only=True)
    assert checkpoint["meta"]["epoch"] == 2 and checkpoint["meta"]["iter"] == 12
    assert set(checkpoint["state_dict"]) == {
        "fc1.weight",
        "fc1.bias",
        "fc2.weight",
        "fc2.bias",
    }


def test_train_legacy_config_without_its_package_exits_2(tmp_path, capsys):
    code = main(["train", str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
                 "--work-dir", str(tmp_path)])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "toy_registry" in err and "legacy" in err


def test_legacy_runtime_loader_stacks_tensors_as_translated():
    # the runtime builds loaders from translate's settings (one mapping):
    # MMCV's collate stacked a batch of dicts of tensors
    from mmcompat.legacy.runtime.config import _loader
    from mmcompat.legacy.translate import translate

    new, _ = translate(dict(data=dict(samples_per_gpu=3, workers_per_gpu=0, train={})))
    settings = {k: v for k, v in new["train_dataloader"].items() if k != "dataset"}
    dataset = [dict(x=torch.full((2,), float(i))) for i in range(6)]
    batch = next(iter(_loader(settings, dataset, seed=0)))
    assert isinstance(batch["x"], torch.Tensor) and batch["x"].shape == (3, 2)
