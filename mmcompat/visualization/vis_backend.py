"""Storage backends of the ``Visualizer`` (MMEngine's ``vis_backend``).

A backend prepares its folder (or writer) only when it is first used, so
building one on every rank creates nothing on ranks that never write.

- ``LocalVisBackend(save_dir)``: ``<save_dir>/scalars.json`` (one JSON object
  per line, each with a ``step``), ``<save_dir>/config.py`` and
  ``<save_dir>/vis_image/<name>_<step>.png``.
- ``TensorboardVisBackend(save_dir)``: a ``torch.utils.tensorboard``
  event file in ``save_dir`` (imported on first use: it is slow to import).

The ``Visualizer`` hands each backend ``<its save_dir>/vis_data``.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import os.path as osp
import uuid
import warnings
from abc import ABCMeta, abstractmethod
from typing import Any, Callable

from mmcompat.logging import print_log
from mmcompat.registry import VISBACKENDS
from mmcompat.utils.path import replace_keeping_mode, write_atomic

from ._png import encode_png


def force_init_env(old_func: Callable) -> Callable:
    """Call ``obj._init_env()`` once before the decorated method first runs."""

    @functools.wraps(old_func)
    def wrapper(obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not getattr(obj, "_env_initialized", False):
            print_log(
                f"{type(obj).__name__}: initialising its environment",
                logger="current",
                level=logging.DEBUG,
            )
            obj._init_env()
            obj._env_initialized = True
        return old_func(obj, *args, **kwargs)

    return wrapper


def _to_number(value: Any) -> Any:
    """A python number for a tensor / numpy scalar (one sync for a tensor)."""
    if value.__class__ is float or value.__class__ is int:
        return value
    if hasattr(value, "detach") and hasattr(value, "item"):
        return value.detach().item()
    if type(value).__module__ == "numpy":
        return value.item() if getattr(value, "size", 1) == 1 else value.tolist()
    return value


def _json_default(value: Any) -> Any:
    converted = _to_number(value)
    if converted is value:
        if isinstance(value, (set, frozenset, tuple)):
            return list(value)
        raise TypeError(f"{type(value).__name__} is not JSON serialisable: {value!r}")
    return converted


class BaseVisBackend(metaclass=ABCMeta):
    """Base class of visualizer backends; every ``add_*`` is a no-op here.

    Args:
        save_dir: the folder this backend writes into.
    """

    def __init__(self, save_dir: str | None) -> None:
        self._save_dir = save_dir
        self._env_initialized = False

    @property
    @abstractmethod
    def experiment(self) -> Any:
        """The underlying writer (e.g. the tensorboard ``SummaryWriter``)."""

    @abstractmethod
    def _init_env(self) -> Any:
        """Create the folder / writer; called once, on first use."""

    def add_config(self, config: Any, **kwargs: Any) -> None:
        """Record the config."""
        return None

    def add_graph(self, model: Any, data_batch: Any, **kwargs: Any) -> None:
        """Record the model graph."""
        return None

    def add_image(self, name: str, image: Any, step: int = 0, **kwargs: Any) -> None:
        """Record an RGB uint8 image (H, W, 3)."""
        return None

    def add_scalar(self, name: str, value: Any, step: int = 0, **kwargs: Any) -> None:
        """Record one scalar."""
        return None

    def add_scalars(
        self,
        scalar_dict: dict,
        step: int = 0,
        file_path: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Record several scalars at ``step``."""
        return None

    def close(self) -> None:
        """Release files and writers."""
        return None


@VISBACKENDS.register_module()
class LocalVisBackend(BaseVisBackend):
    """Write scalars, the config and images as plain files under ``save_dir``.

    Args:
        save_dir: the folder (created on first use).
        img_save_dir: image sub-folder. Defaults to 'vis_image'.
        config_save_file: config file name (must end in .py).
        scalar_save_file: scalar file name (must end in .json); one JSON
            object per line, appended.
    """

    def __init__(
        self,
        save_dir: str,
        img_save_dir: str = "vis_image",
        config_save_file: str = "config.py",
        scalar_save_file: str = "scalars.json",
    ) -> None:
        if not config_save_file.endswith(".py"):
            raise ValueError(
                f"config_save_file must end in .py, got {config_save_file!r}"
            )
        if not scalar_save_file.endswith(".json"):
            raise ValueError(
                f"scalar_save_file must end in .json, got {scalar_save_file!r}"
            )
        super().__init__(save_dir)
        self._img_save_dir = img_save_dir
        self._config_save_file = config_save_file
        self._scalar_save_file = scalar_save_file

    def _init_env(self) -> None:
        if self._save_dir is None:
            raise ValueError("LocalVisBackend needs a save_dir")
        os.makedirs(self._save_dir, exist_ok=True)
        self._img_save_dir = osp.join(self._save_dir, self._img_save_dir)
        self._config_save_file = osp.join(self._save_dir, self._config_save_file)
        self._scalar_save_file = osp.join(self._save_dir, self._scalar_save_file)

    @property  # type: ignore[misc]
    @force_init_env
    def experiment(self) -> LocalVisBackend:
        return self

    @force_init_env
    def add_config(self, config: Any, **kwargs: Any) -> None:
        """Write ``config`` to ``config.py`` (``config.dump``, else its text)."""
        target = self._config_save_file
        if hasattr(config, "dump"):
            # dump() creates the temporary file itself, with the permissions
            # open() gives (mkstemp would make it 0600: unreadable to others)
            tmp = osp.join(osp.dirname(target), f".tmp-{uuid.uuid4().hex}.py")
            try:
                config.dump(tmp)
                replace_keeping_mode(tmp, target)
            finally:
                if osp.exists(tmp):
                    os.remove(tmp)
            return
        text = getattr(config, "pretty_text", None)
        if text is None:
            text = repr(config)
        write_atomic(target, text.encode("utf-8"))

    @force_init_env
    def add_image(self, name: str, image: Any, step: int = 0, **kwargs: Any) -> None:
        """Save ``image`` (uint8, RGB or grey) as ``vis_image/<name>_<step>.png``."""
        path = osp.join(self._img_save_dir, f"{name}_{step}.png")
        write_atomic(path, encode_png(image), make_dirs=True)

    @force_init_env
    def add_scalar(self, name: str, value: Any, step: int = 0, **kwargs: Any) -> None:
        """Append ``{name: value, 'step': step}`` to ``scalars.json``."""
        record = {name: _to_number(value), "step": step}
        self._append(_json_line(record), self._scalar_save_file)

    @force_init_env
    def add_scalars(
        self,
        scalar_dict: dict,
        step: int = 0,
        file_path: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Append ``scalar_dict`` (plus ``step`` unless it has one) as one line.

        With ``file_path`` (a .json name relative to ``save_dir``) the line
        is also appended there.
        """
        if not isinstance(scalar_dict, dict):
            raise TypeError(
                f"scalar_dict must be a dict, got {type(scalar_dict).__name__}"
            )
        record = {key: _to_number(value) for key, value in scalar_dict.items()}
        record.setdefault("step", step)
        line = _json_line(record)
        if file_path is not None:
            self._append(line, self._extra_file(file_path))
        self._append(line, self._scalar_save_file)

    def _extra_file(self, file_path: str) -> str:
        """The path of ``file_path`` in ``save_dir``, checked once per name
        (a log line used to resolve both paths each time)."""
        checked = self.__dict__.setdefault("_extra_files", {})
        extra = checked.get(file_path)
        if extra is None:
            if not file_path.endswith(".json"):
                raise ValueError(f"file_path must end in .json, got {file_path!r}")
            extra = osp.join(self._save_dir, file_path)
            if osp.abspath(extra) == osp.abspath(self._scalar_save_file):
                raise ValueError(
                    f"file_path {file_path!r} is the scalar file itself; choose "
                    "another name"
                )
            checked[file_path] = extra
        return extra

    def _append(self, line: str, path: str) -> None:
        # One write of one whole line, flushed: a reader never sees half a
        # record, and sees every record as soon as this returns. The file
        # stays open (in append mode) until ``close``: a log line used to
        # open and close two files.
        files = self.__dict__.setdefault("_open_files", {})
        f = files.get(path)
        if f is None or f.closed:
            f = files[path] = open(path, "a", encoding="utf-8")  # noqa: SIM115
        f.write(line)
        f.flush()

    def close(self) -> None:
        """Close the scalar files kept open by ``add_scalar(s)``."""
        files = self.__dict__.pop("_open_files", {})
        for f in files.values():
            f.close()

    def __getstate__(self) -> dict:
        # Copies and pickles reopen the files when they write.
        state = self.__dict__.copy()
        state.pop("_open_files", None)
        return state


def _json_line(record: dict) -> str:
    return json.dumps(record, default=_json_default) + "\n"


@VISBACKENDS.register_module()
class TensorboardVisBackend(BaseVisBackend):
    """Write scalars, images and the config to a tensorboard event file.

    Args:
        save_dir: the folder of the event file (created on first use).
    """

    def __init__(self, save_dir: str) -> None:
        super().__init__(save_dir)

    def _init_env(self) -> None:
        if self._save_dir is None:
            raise ValueError("TensorboardVisBackend needs a save_dir")
        os.makedirs(self._save_dir, exist_ok=True)
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError as exc:  # pragma: no cover - tensorboard is a dependency
            raise ImportError(
                "TensorboardVisBackend needs the tensorboard package: "
                "pip install tensorboard"
            ) from exc
        self._tensorboard = SummaryWriter(self._save_dir)

    @property  # type: ignore[misc]
    @force_init_env
    def experiment(self) -> Any:
        """The ``SummaryWriter``."""
        return self._tensorboard

    @force_init_env
    def add_config(self, config: Any, **kwargs: Any) -> None:
        """Record the config text under the tag 'config'."""
        text = getattr(config, "pretty_text", None)
        self._tensorboard.add_text("config", text if text is not None else repr(config))

    @force_init_env
    def add_image(self, name: str, image: Any, step: int = 0, **kwargs: Any) -> None:
        """Record an (H, W, C) image."""
        self._tensorboard.add_image(name, image, step, dataformats="HWC")

    @force_init_env
    def add_scalar(self, name: str, value: Any, step: int = 0, **kwargs: Any) -> None:
        """Record one scalar; anything but a number, tensor or array is skipped."""
        if isinstance(value, (int, float)) or hasattr(value, "item"):
            self._tensorboard.add_scalar(name, _to_number(value), step)
        else:
            warnings.warn(
                f"TensorboardVisBackend: {name!r} is a {type(value).__name__}, not a "
                "number, tensor or array; skipped"
            )

    @force_init_env
    def add_scalars(
        self,
        scalar_dict: dict,
        step: int = 0,
        file_path: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Record every item of ``scalar_dict`` at ``step`` (``file_path`` unused)."""
        if not isinstance(scalar_dict, dict):
            raise TypeError(
                f"scalar_dict must be a dict, got {type(scalar_dict).__name__}"
            )
        if "step" in scalar_dict:
            raise ValueError(
                "scalar_dict must not contain 'step'; pass it as the step argument"
            )
        for key, value in scalar_dict.items():
            self.add_scalar(key, value, step)

    def close(self) -> None:
        """Flush and close the event file."""
        writer = getattr(self, "_tensorboard", None)
        if writer is not None:
            writer.close()
