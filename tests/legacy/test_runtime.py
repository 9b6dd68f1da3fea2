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
    # MMCV 1.x had PaviLoggerHook: the import succeeds as with MMCV, the use
    # fails, naming the symbol, the importing line and what to do
    with legacy_aliases():
        from mmcv.runner import PaviLoggerHook

        line = sys._getframe().f_lineno - 2
        with pytest.raises(ImportError) as info:
            PaviLoggerHook(interval=10)
    text = str(info.value)
    assert "`mmcv.runner.PaviLoggerHook`" in text and "vis_backends" in text
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
        with pytest.raises(ModuleNotFoundError, match="mmcv.device.cuda"):
            import mmcv.device.cuda  # noqa: F401


def test_modules_of_removed_packages_import_and_fail_when_used():
    # MMCV 1.x had mmcv.onnx, mmcv.tensorrt and mmcv.device.ipu: real
    # libraries import them at module level; their names fail when used,
    # naming the project that took over, and names MMCV never had fail at
    # the import
    from mmcompat.legacy.runtime.unavailable import LegacySymbolError

    with legacy_aliases():
        import mmcv.tensorrt  # noqa: F401
        from mmcv.device.ipu.runner import IPUEpochBasedRunner
        from mmcv.onnx.symbolic import topk
        from mmcv.tensorrt import onnx2trt

        with pytest.raises(LegacySymbolError, match="MMDeploy"):
            topk(None, None, 1, 0, True, True)
        with pytest.raises(LegacySymbolError, match="MMDeploy"):
            onnx2trt("model.onnx", [])
        with pytest.raises(LegacySymbolError, match="removed `mmcv.device`"):
            IPUEpochBasedRunner(torch.nn.Linear(1, 1))
        with pytest.raises(ImportError, match="mmcv.onnx.not_in_mmcv"):
            from mmcv.onnx import not_in_mmcv  # noqa: F401


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
        [
            "run",
            "--path",
            str(PROJECT),
            str(PROJECT / "tools" / "train.py"),
            "--work-dir",
            str(work),
        ]
    )
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
            [
                "train",
                str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
                "--work-dir",
                str(work),
            ]
        )
    finally:
        _forget("toy_registry", "legacy_toy")
    assert code == 0
    assert "legacy config translated" in capsys.readouterr().err
    checkpoint = torch.load(work / "epoch_2.pth", weights_only=True)
    assert checkpoint["meta"]["epoch"] == 2 and checkpoint["meta"]["iter"] == 12
    # MMCV's tools/train.py layout: the config under its own name, the JSON
    # log, latest.pth
    from mmcompat.legacy.config_file import load_legacy_config

    dumped = load_legacy_config(str(work / "toy_legacy_cfg.py"))
    assert dumped["model"] == dict(type="ToyNet", hidden=6)
    assert len(list(work.glob("*.log.json"))) == 1
    assert (work / "latest.pth").resolve() == (work / "epoch_2.pth").resolve()
    assert set(checkpoint["state_dict"]) == {
        "fc1.weight",
        "fc1.bias",
        "fc2.weight",
        "fc2.bias",
    }


def test_train_legacy_config_without_its_package_exits_2(tmp_path, capsys):
    code = main(
        [
            "train",
            str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
            "--work-dir",
            str(tmp_path),
        ]
    )
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


class _InitCounting(torch.nn.Module):
    """A legacy model whose init_weights() would change its weights."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)
        self.init_calls = 0

    def init_weights(self) -> None:
        self.init_calls += 1
        torch.nn.init.zeros_(self.fc.weight)

    def train_step(self, data: torch.Tensor, optimizer: object) -> dict:
        loss = self.fc(data).pow(2).mean()
        return dict(loss=loss, log_vars=dict(loss=loss.item()), num_samples=len(data))


def _facade_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """An EpochBasedRunner facade run; the translate() calls it made."""
    from mmcompat.legacy import translate as translate_module
    from mmcompat.legacy.runtime.runner import EpochBasedRunner

    calls = []
    real = translate_module.translate

    def counting(cfg: dict, **kwargs: object) -> tuple:
        calls.append(dict(cfg))
        return real(cfg, **kwargs)

    monkeypatch.setattr(translate_module, "translate", counting)
    torch.manual_seed(0)
    model = _InitCounting()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    runner = EpochBasedRunner(
        model, optimizer=optimizer, work_dir=str(tmp_path), max_epochs=2
    )
    runner.register_training_hooks(
        lr_config=dict(policy="step", step=[1]), optimizer_config=dict()
    )
    loader = torch.utils.data.DataLoader(torch.ones(4, 2), batch_size=2)
    runner.run([loader], [("train", 1)])
    return runner, model, calls


def test_facade_translates_its_one_legacy_config_once(tmp_path, monkeypatch):
    runner, _, calls = _facade_run(tmp_path, monkeypatch)
    assert len(calls) == 1
    assert calls[0]["runner"] == dict(type="EpochBasedRunner", max_epochs=2)
    assert calls[0]["lr_config"] == dict(policy="step", step=[1])
    assert calls[0]["work_dir"] == str(tmp_path)
    assert runner.max_epochs == 2 and runner.epoch == 2
    assert runner.current_lr() == pytest.approx([0.01], rel=1e-12)


def test_facade_never_calls_init_weights(tmp_path, monkeypatch):
    # MMCV's runner left init_weights() to the script
    _, model, _ = _facade_run(tmp_path, monkeypatch)
    assert model.init_calls == 0
    assert model.fc.weight.abs().sum().item() > 0


def test_facade_length_before_run_is_the_one_given():
    from mmcompat.legacy.runtime.runner import IterBasedRunner

    runner = IterBasedRunner(_InitCounting(), max_iters=5)
    assert (runner.max_iters, runner.max_epochs) == (5, None)
    assert runner.legacy_cfg["runner"] == dict(type="IterBasedRunner", max_iters=5)


def test_train_legacy_config_loads_and_translates_once(tmp_path, monkeypatch):
    from mmcompat.config import Config
    from mmcompat.legacy import config_file
    from mmcompat.legacy import translate as translate_module

    loads, fromfile_loads, translations = [], [], []
    real_load, real_fromfile = config_file.load_legacy_config, Config.fromfile
    real_translate = translate_module.translate

    def counting_load(*args: object, **kwargs: object) -> object:
        loads.append(args[0])
        return real_load(*args, **kwargs)

    def counting_fromfile(*args: object, **kwargs: object) -> object:
        fromfile_loads.append(args[0])
        return real_fromfile(*args, **kwargs)

    def counting_translate(cfg: dict, **kwargs: object) -> tuple:
        translations.append(cfg)
        return real_translate(cfg, **kwargs)

    monkeypatch.setattr(config_file, "load_legacy_config", counting_load)
    monkeypatch.setattr(Config, "fromfile", staticmethod(counting_fromfile))
    monkeypatch.setattr(translate_module, "translate", counting_translate)
    monkeypatch.syspath_prepend(str(SCRIPTS))
    try:
        code = main(
            [
                "train",
                str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
                "--work-dir",
                str(tmp_path / "work"),
            ]
        )
    finally:
        _forget("toy_registry", "legacy_toy")
    assert code == 0
    # read once, as MMCV 1.7.2 reads it; translated once
    assert len(loads) == 1 and not fromfile_loads and len(translations) == 1
    assert translations[0]["work_dir"] == str(tmp_path / "work")


def test_train_legacy_config_reports_each_finding_once(tmp_path, monkeypatch, capsys):
    # MeanLossHook is not an MMCV hook: a finding of the config's translation
    # and of the legacy runner's hook configs, told once per command
    monkeypatch.syspath_prepend(str(SCRIPTS))
    work = tmp_path / "work"
    try:
        code = main(
            [
                "train",
                str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
                "--work-dir",
                str(work),
                "--resume",
            ]
        )
    finally:
        _forget("toy_registry", "legacy_toy")
    assert code == 0
    out = capsys.readouterr()
    logs = "".join(path.read_text() for path in work.rglob("*.log"))
    told = out.out + out.err + logs
    assert told.count("'MeanLossHook' is not an MMCV hook") == 1
    # --resume with nothing to resume: said, then trained from scratch
    assert f"No checkpoint in {work}: training from scratch." in told
    assert torch.load(work / "epoch_2.pth", weights_only=True)["meta"]["iter"] == 12


def test_train_legacy_config_resume_from_missing_checkpoint_exits_2(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    missing = tmp_path / "nope.pth"
    try:
        code = main(
            [
                "train",
                str(SCRIPTS / "configs" / "toy_legacy_cfg.py"),
                "--work-dir",
                str(tmp_path / "work"),
                "--resume",
                str(missing),
            ]
        )
    finally:
        _forget("toy_registry", "legacy_toy")
    assert code == 2
    err = capsys.readouterr().err.splitlines()
    assert (
        err[-1]
        == f"mmcompat train: checkpoint file {missing} to resume from does not exist"
    )
    assert not (tmp_path / "work").exists()


def test_train_legacy_config_runs_a_library_lr_policy_as_its_hook(
    tmp_path, monkeypatch, capsys
):
    # lr_config=dict(policy='Linear') in a config: the LinearLrUpdaterHook
    # registered by the imported legacy code is built (MMCV's register_lr_hook
    # naming), not reported as a policy to port
    monkeypatch.syspath_prepend(str(SCRIPTS))
    cfg = tmp_path / "linear_cfg.py"
    cfg.write_text(
        "_base_ = ['" + str(SCRIPTS / "configs" / "toy_legacy_cfg.py") + "']\n"
        "custom_imports = dict(imports=['toy_registry', 'legacy_toy', "
        "'library_policy'])\n"
        "lr_config = dict(_delete_=True, policy='Linear', by_epoch=False, "
        "target_lr=0.005, start=2, interval=1)\n"
        "workflow = [('train', 1)]\n"
    )
    work = tmp_path / "work"
    try:
        code = main(["train", str(cfg), "--work-dir", str(work)])
    finally:
        _forget("toy_registry", "legacy_toy", "library_policy")
    assert code == 0
    err = capsys.readouterr().err
    assert "lr_config" not in err
    checkpoint = torch.load(work / "epoch_2.pth", weights_only=True)
    # 12 iterations; the lr of the last one (iter 11), set before it ran:
    # 0.05 + (0.005 - 0.05) * (11 - 2) / (12 - 2)
    [group] = checkpoint["optimizer"]["param_groups"]
    assert group["lr"] == pytest.approx(0.05 + (0.005 - 0.05) * 9 / 10, rel=1e-12)


@pytest.mark.parametrize(
    "runner_name,gpu_ids,expected",
    [
        # MMCV's EpochBasedRunner: int(iter * previous GPUs / world size)
        ("EpochBasedRunner", [0, 1, 2, 3], 48),
        ("EpochBasedRunner", None, 12),
        # MMCV's IterBasedRunner never rescaled, nor took the meta
        ("IterBasedRunner", [0, 1, 2, 3], 12),
    ],
)
def test_resume_rescales_the_iteration_for_another_gpu_count_as_mmcv(
    tmp_path, runner_name, gpu_ids, expected
):
    import logging

    config = f"gpu_ids = {gpu_ids!r}\n" if gpu_ids else "seed = 0\n"
    model = torch.nn.Linear(2, 1)
    checkpoint = tmp_path / "ckpt.pth"
    torch.save(
        dict(
            meta=dict(epoch=3, iter=12, config=config),
            state_dict=model.state_dict(),
        ),
        checkpoint,
    )
    with legacy_aliases():
        import mmcv.runner

        runner = getattr(mmcv.runner, runner_name)(
            model, work_dir=str(tmp_path), logger=logging.getLogger("resume")
        )
        runner.resume(str(checkpoint))
    assert (runner.epoch, runner.iter) == (3, expected)
    if runner_name == "EpochBasedRunner":
        assert runner.meta["config"] == config
    else:
        assert runner.meta is None


_VERSION_CHECKING_SCRIPT = """\
import mmcv
import torch
from mmcv.runner import save_checkpoint
from mmcv.utils import digit_version

# as mmpose 0.29 / mmaction2 0.24 check the installed MMCV
assert digit_version(mmcv.__version__) <= digit_version('1.7.0'), (
    f'MMCV=={mmcv.__version__} is used but incompatible. '
    'Please install mmcv>=1.3.8, <=1.7.0.')
print('mmcv', mmcv.__version__, mmcv.version_info)
save_checkpoint(torch.nn.Linear(1, 1), OUT)
"""


def test_a_library_refusing_mmcv_1_7_2_gets_the_version_it_accepts(tmp_path, capsys):
    out = tmp_path / "c.pth"
    script = tmp_path / "check.py"
    script.write_text(_VERSION_CHECKING_SCRIPT.replace("OUT", repr(str(out))))
    assert main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    assert "MMCV==1.7.2 is used but incompatible" in err
    assert err.strip().splitlines()[-1] == (
        "mmcompat run: the library refuses the MMCV version mmcompat reports "
        "(1.7.2, whose behaviour it serves); --mmcv-version 1.7.0 reports one "
        "it accepts"
    )
    assert main(["run", "--mmcv-version", "1.7.1", str(script)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "mmcompat run: the library refuses the MMCV version mmcompat reports "
        "(1.7.1, serving 1.7.2's behaviour); --mmcv-version 1.7.0 reports one "
        "it accepts"
    )
    assert main(["run", "--mmcv-version", "1.7.0", str(script)]) == 0
    assert "mmcv 1.7.0 (1, 7, 0)" in capsys.readouterr().out
    assert torch.load(out, weights_only=True)["meta"]["mmcv_version"] == "1.7.0"
    with legacy_aliases():
        import mmcv

        assert mmcv.__version__ == "1.7.2"  # the default again


@pytest.mark.parametrize("version", ["2.0.0", "1.7", "latest"])
def test_mmcv_version_must_be_a_1x_version(tmp_path, capsys, version):
    script = tmp_path / "s.py"
    script.write_text("print('ran')\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--mmcv-version", version, str(script)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert (
        f"mmcv version {version!r}: expected an MMCV 1.x version such as 1.7.0" in err
    )
