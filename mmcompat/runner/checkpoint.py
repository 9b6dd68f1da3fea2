"""Checkpoint files: safe loading, atomic saving, finding the latest one.

Differences from MMEngine 0.10.7, on purpose:

- every file is read with ``torch.load(weights_only=True)`` (MMEngine's
  plain ``torch.load`` breaks on PyTorch >= 2.6, where ``weights_only``
  became the default, and unpickles arbitrary objects before that);
- checkpoints written by MMCV 1.x may hold a few non-tensor objects in their
  ``meta`` (numpy scalars such as an ``EvalHook`` best score, numpy arrays,
  ``argparse.Namespace``); they load through the explicit allow-list
  :data:`LEGACY_SAFE_GLOBALS`, never through a blind unpickle;
- :func:`save_checkpoint` refuses (naming the key) anything ``weights_only``
  could not read back, stores numpy values as Python numbers / tensors, and
  writes a temporary file in the same directory that is renamed over the
  target, so a crash never leaves a truncated checkpoint behind;
- a file that is truncated or corrupted raises :class:`CheckpointError`
  naming the file.
"""

from __future__ import annotations

import argparse
import logging
import os
import os.path as osp
import re
from collections import OrderedDict
from typing import Any, Callable, Optional, Union

import numpy as np
import torch

from mmcompat.utils.path import write_atomic

MapLocation = Union[str, torch.device, Callable, dict, None]


class CheckpointError(RuntimeError):
    """A checkpoint file that cannot be read (missing, corrupted, unsafe)."""


# -- the legacy allow-list ------------------------------------------------------


def _numpy_globals() -> list[tuple[Any, str]]:
    """numpy objects found in MMCV 1.x checkpoints, under both module names.

    numpy < 2 pickles scalars and arrays as ``numpy.core.multiarray.*``;
    numpy >= 2 as ``numpy._core.multiarray.*``. Both rebuild plain values.
    """
    core = getattr(np, "_core", None) or np.core
    entries: list[tuple[Any, str]] = [
        (np.ndarray, "numpy.ndarray"),
        (np.dtype, "numpy.dtype"),
    ]
    for name in ("scalar", "_reconstruct"):
        obj = getattr(core.multiarray, name)
        for module in ("numpy.core.multiarray", "numpy._core.multiarray"):
            entries.append((obj, f"{module}.{name}"))
    dtypes = getattr(np, "dtypes", None)
    if dtypes is not None:  # numpy >= 1.25 pickles dtypes by their class
        for name in dir(dtypes):
            cls = getattr(dtypes, name)
            if name.endswith("DType") and isinstance(cls, type):
                entries.append((cls, f"numpy.dtypes.{name}"))
    return entries


def _legacy_safe_globals() -> list[tuple[Any, str]]:
    return _numpy_globals() + [(argparse.Namespace, "argparse.Namespace")]


#: ``(object, pickled name)`` pairs that legacy checkpoints may contain besides
#: tensors and plain containers (``OrderedDict`` and ``torch.Size`` are
#: already allowed by ``weights_only``).
LEGACY_SAFE_GLOBALS: list[tuple[Any, str]] = _legacy_safe_globals()


def _torch_version() -> tuple[int, int]:
    major, minor = torch.__version__.split(".")[:2]
    return int(major), int(re.match(r"\d+", minor).group())


def _allow_list_context():
    """A context in which ``weights_only`` also accepts the legacy globals.

    PyTorch >= 2.6 takes ``(object, name)`` pairs (needed for the numpy < 2
    names); 2.5 takes objects; older versions load plain checkpoints only.
    """
    import contextlib

    safe_globals = getattr(torch.serialization, "safe_globals", None)
    if safe_globals is None:
        return contextlib.nullcontext()
    if _torch_version() >= (2, 6):
        return safe_globals(LEGACY_SAFE_GLOBALS)
    return safe_globals(list({id(obj): obj for obj, _ in LEGACY_SAFE_GLOBALS}.values()))


# -- loading -----------------------------------------------------------------------


def _describe_unsafe(filename: str) -> str:
    finder = getattr(torch.serialization, "get_unsafe_globals_in_checkpoint", None)
    if finder is None:
        return ""
    try:
        names = finder(filename)
    except Exception:
        return ""
    allowed = {name for _, name in LEGACY_SAFE_GLOBALS}
    names = [n for n in names if n not in allowed]
    return f" It contains {', '.join(names)}." if names else ""


class CheckpointLoader:
    """MMEngine's registry of checkpoint loaders by path prefix (scheme).

    ``''`` (local files) and ``http://`` / ``https://`` are registered; a
    project adds its own storage with :meth:`register_scheme`. The longest
    matching prefix wins.
    """

    _schemes: dict[str, Callable] = {}

    @classmethod
    def _register_scheme(
        cls, prefixes: Union[str, list, tuple], loader: Callable, force: bool = False
    ) -> None:
        if isinstance(prefixes, str):
            prefixes = [prefixes]
        for prefix in prefixes:
            if prefix in cls._schemes and not force:
                raise KeyError(
                    f"{prefix} is already registered as a loader backend, add "
                    '"force=True" if you want to override it'
                )
            cls._schemes[prefix] = loader
        cls._schemes = dict(sorted(cls._schemes.items(), reverse=True))

    @classmethod
    def register_scheme(
        cls,
        prefixes: Union[str, list, tuple],
        loader: Optional[Callable] = None,
        force: bool = False,
    ) -> Any:
        """Register ``loader(filename, map_location)`` for paths starting
        with ``prefixes``; without ``loader``, a decorator."""
        if loader is not None:
            cls._register_scheme(prefixes, loader, force=force)
            return None

        def _register(loader_fn: Callable) -> Callable:
            cls._register_scheme(prefixes, loader_fn, force=force)
            return loader_fn

        return _register

    @classmethod
    def _get_checkpoint_loader(cls, path: str) -> Callable:
        for prefix, loader in cls._schemes.items():
            if re.match(prefix, path) is not None:
                return loader
        raise CheckpointError(f"no checkpoint loader for {path}")

    @classmethod
    def load_checkpoint(
        cls, filename: str, map_location: MapLocation = None, logger: Any = None
    ) -> Any:
        """Load ``filename`` with the loader of its scheme (the choice is
        logged to ``logger`` when one is given)."""
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(f"checkpoint filename must be a str, got {type(filename)}")
        filename = os.fspath(filename)
        loader = cls._get_checkpoint_loader(filename)
        if logger is not None:
            from mmcompat.logging import print_log

            name = loader.__name__
            backend = name[10:] if name.startswith("load_from_") else name
            print_log(
                f"Loads checkpoint by {backend} backend from path: {filename}",
                logger=logger,
            )
        return loader(filename, map_location)


@CheckpointLoader.register_scheme(prefixes="")
def load_from_local(filename: str, map_location: MapLocation = None) -> Any:
    """Read a local checkpoint with ``weights_only=True`` and the allow-list."""
    scheme = re.match(r"^([a-z][a-z0-9+.-]*)://", filename)
    if scheme is not None:
        raise CheckpointError(
            f"cannot load {filename}: no loader is registered for the "
            f"{scheme.group(1)}:// scheme (use a local path or an http(s):// URL, "
            "or register one with CheckpointLoader.register_scheme)"
        )
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise CheckpointError(f"checkpoint file {filename} does not exist")
    try:
        with _allow_list_context():
            return torch.load(filename, map_location=map_location, weights_only=True)
    except Exception as e:
        import pickle

        if isinstance(e, pickle.UnpicklingError) and "weights_only" in str(e):
            raise CheckpointError(
                f"checkpoint file {filename} holds objects that are neither "
                "tensors nor plain containers, and mmcompat never unpickles "
                "arbitrary objects." + _describe_unsafe(filename) + " Allowed "
                "besides tensors and containers: "
                + ", ".join(sorted({name for _, name in LEGACY_SAFE_GLOBALS}))
            ) from None
        raise CheckpointError(
            f"cannot read checkpoint file {filename} ({osp.getsize(filename)} "
            f"bytes): it is truncated or corrupted ({type(e).__name__}: {e})"
        ) from e


@CheckpointLoader.register_scheme(prefixes=("http://", "https://"))
def load_from_http(
    filename: str, map_location: MapLocation = None, model_dir: Optional[str] = None
) -> Any:
    """Download (once, into the torch hub cache) and load with ``weights_only``."""
    from torch.hub import load_state_dict_from_url

    with _allow_list_context():
        return load_state_dict_from_url(
            filename, model_dir=model_dir, map_location=map_location, weights_only=True
        )


def _load_checkpoint(
    filename: str, map_location: MapLocation = None, logger: Any = None
) -> Any:
    """Load a checkpoint with :class:`CheckpointLoader` (a local path, an
    ``http(s)://`` URL, or a registered scheme)."""
    return CheckpointLoader.load_checkpoint(filename, map_location, logger)


def _load_checkpoint_with_prefix(
    prefix: str, filename: str, map_location: MapLocation = None
) -> dict:
    """The weights under ``prefix`` in a checkpoint, with the prefix removed.

    ``prefix`` is a module path such as ``"backbone"`` (a trailing ``.`` is
    optional). Raises ``KeyError`` when no weight starts with it.
    """
    checkpoint = _load_checkpoint(filename, map_location=map_location)
    state_dict = checkpoint.get("state_dict", checkpoint)
    if not prefix.endswith("."):
        prefix += "."
    found = {
        key[len(prefix) :]: value
        for key, value in state_dict.items()
        if key.startswith(prefix)
    }
    if not found:
        raise KeyError(f"{filename}: no weight starts with {prefix!r}")
    return found


def load_state_dict(
    module: torch.nn.Module,
    state_dict: dict,
    strict: bool = False,
    logger: Any = None,
) -> None:
    """Load ``state_dict`` into ``module`` and report mismatched keys.

    As MMEngine: model wrappers are unwrapped, ``num_batches_tracked`` of
    BatchNorm layers is never reported missing, mismatches raise only when
    ``strict`` and are otherwise logged as a warning.
    """
    from mmcompat.model import is_model_wrapper

    while is_model_wrapper(module):
        module = module.module
    result = module.load_state_dict(state_dict, strict=False)
    missing = [k for k in result.missing_keys if "num_batches_tracked" not in k]
    messages = []
    if result.unexpected_keys:
        messages.append(
            f"unexpected key in source state_dict: {', '.join(result.unexpected_keys)}"
        )
    if missing:
        messages.append(f"missing keys in source state_dict: {', '.join(missing)}")
    if not messages:
        return
    message = "The model and loaded state dict do not match exactly\n" + "\n".join(
        messages
    )
    if strict:
        raise RuntimeError(message)
    from mmcompat.dist import get_rank
    from mmcompat.logging import print_log

    if get_rank() == 0:
        print_log(message, logger=logger, level=logging.WARNING)


def _load_checkpoint_to_model(
    model: torch.nn.Module,
    checkpoint: dict,
    strict: bool = False,
    logger: Any = None,
    revise_keys: list = [(r"^module\.", "")],  # noqa: B006 (MMEngine's signature)
) -> dict:
    state_dict = checkpoint.get("state_dict", checkpoint)
    metadata = getattr(state_dict, "_metadata", OrderedDict())
    for pattern, replacement in revise_keys:
        state_dict = OrderedDict(
            (re.sub(pattern, replacement, k), v) for k, v in state_dict.items()
        )
    state_dict._metadata = metadata
    load_state_dict(model, state_dict, strict, logger)
    return checkpoint


def load_checkpoint(
    model: torch.nn.Module,
    filename: str,
    map_location: MapLocation = None,
    strict: bool = False,
    logger: Any = None,
    revise_keys: list = [(r"^module\.", "")],  # noqa: B006 (MMEngine's signature)
) -> dict:
    """Load the weights of ``filename`` into ``model``; return the checkpoint.

    ``revise_keys`` are ``(pattern, replacement)`` regexes applied to every
    key first (by default the ``module.`` prefix of DDP-saved weights goes).
    """
    checkpoint = _load_checkpoint(filename, map_location, logger)
    if not isinstance(checkpoint, dict):
        raise CheckpointError(f"no state_dict found in checkpoint file {filename}")
    return _load_checkpoint_to_model(model, checkpoint, strict, logger, revise_keys)


# -- saving --------------------------------------------------------------------


def weights_to_cpu(state_dict: dict) -> OrderedDict:
    """A copy of ``state_dict`` with every tensor on the CPU (metadata kept)."""
    metadata = getattr(state_dict, "_metadata", OrderedDict())
    result = OrderedDict((k, _to_cpu(v)) for k, v in state_dict.items())
    result._metadata = metadata
    return result


def _to_cpu(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu()
    if isinstance(obj, dict):
        out = type(obj)() if isinstance(obj, OrderedDict) else {}
        for k, v in obj.items():
            out[k] = _to_cpu(v)
        if hasattr(obj, "_metadata"):
            out._metadata = obj._metadata
        return out
    if isinstance(obj, (list, tuple)) and type(obj) in (list, tuple):
        return type(obj)(_to_cpu(v) for v in obj)
    return obj


def get_state_dict(
    module: torch.nn.Module,
    destination: Optional[OrderedDict] = None,
    prefix: str = "",
    keep_vars: bool = False,
) -> OrderedDict:
    """``module.state_dict()`` of the model inside any wrapper."""
    from mmcompat.model import is_model_wrapper

    while is_model_wrapper(module):
        module = module.module
    return module.state_dict(
        destination=destination, prefix=prefix, keep_vars=keep_vars
    )


_PLAIN_LEAVES = (str, bytes, int, float, bool, type(None), torch.Size, torch.dtype)


def to_plain(obj: Any, path: str = "checkpoint") -> Any:
    """``obj`` made of tensors and plain containers only, or TypeError.

    numpy scalars become Python numbers, numpy arrays tensors and subclasses
    of ``str``/``int``/``float`` (``torch.__version__``...) their base type; any
    other object (which ``torch.load(weights_only=True)`` would refuse) raises
    ``TypeError`` naming its key path, e.g. ``checkpoint['meta']['x']``.
    Containers are copied only when something inside them changes.
    """
    if isinstance(obj, torch.Tensor) or type(obj) in _PLAIN_LEAVES:
        return obj
    for base in (bool, int, float, str):  # subclasses pickle by class name
        if isinstance(obj, base) and not isinstance(obj, np.generic):
            return base(obj)
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            raise TypeError(f"{path} is a numpy array of Python objects; not saved")
        return torch.from_numpy(obj.copy())
    if type(obj) in (dict, OrderedDict):
        changed = False
        items = []
        for key, value in obj.items():
            if not isinstance(key, (str, int, float, bool, type(None))):
                raise TypeError(
                    f"{path} has a key of type {type(key).__name__} ({key!r}); "
                    "checkpoints take str/int/float/bool keys"
                )
            new = to_plain(value, f"{path}[{key!r}]")
            changed = changed or new is not value
            items.append((key, new))
        if not changed:
            return obj
        out = type(obj)(items)
        if hasattr(obj, "_metadata"):
            out._metadata = obj._metadata
        return out
    if type(obj) in (list, tuple):
        new_items = [to_plain(v, f"{path}[{i}]") for i, v in enumerate(obj)]
        if all(a is b for a, b in zip(new_items, obj)):
            return obj
        return type(obj)(new_items)
    raise TypeError(
        f"{path} is a {type(obj).__module__}.{type(obj).__qualname__}, which "
        "torch.load(weights_only=True) cannot read back; store tensors, "
        "numbers, strings and dict/list/tuple containers only (e.g. a "
        "state_dict() instead of the object)"
    )


def save_checkpoint(
    checkpoint: dict,
    filename: str,
    file_client_args: Optional[dict] = None,
    backend_args: Optional[dict] = None,
) -> None:
    """Write ``checkpoint`` to ``filename`` atomically.

    The data goes to a temporary file in the same directory, is flushed to
    disk, then renamed over ``filename`` (``write_atomic``): readers see
    either the previous file or the complete new one. The file gets the
    permissions ``open()`` would give: a new one ``0o666`` less the umask
    (teammates can read it under the usual ``022``), an existing one keeps
    its mode. ``file_client_args`` and ``backend_args`` (remote storage in
    MMEngine) are accepted for compatibility; only local paths are supported.
    """
    if file_client_args is not None and backend_args is not None:
        raise ValueError('"file_client_args" and "backend_args" cannot both be set')
    filename = os.fspath(filename)
    if re.match(r"^[a-z][a-z0-9+.-]*://", filename):
        raise ValueError(f"cannot save to {filename}: only local paths are supported")
    checkpoint = to_plain(checkpoint)

    def write(file) -> None:
        torch.save(checkpoint, file)
        file.flush()
        os.fsync(file.fileno())

    write_atomic(filename, write, make_dirs=True)
    _fsync_directory(osp.dirname(osp.abspath(filename)))


def _fsync_directory(directory: str) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be
    opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- finding --------------------------------------------------------------------

_NUMBERED = re.compile(r"^(epoch|iter)_(\d+)\.pth$")


def find_latest_checkpoint(path: str) -> Optional[str]:
    """The checkpoint to resume from in ``path``, or None.

    The file named in ``path/last_checkpoint`` (written by ``CheckpointHook``)
    wins; a relative name, or an absolute one whose directory has moved, is
    looked up in ``path``. Without that file, the ``iter_N.pth`` /
    ``epoch_N.pth`` with the highest ``N`` (the newest file when both kinds
    are present); MMEngine returns None here.
    """
    record = osp.join(path, "last_checkpoint")
    if osp.exists(record):
        with open(record) as f:
            last = f.read().strip()
        if last:
            for candidate in (
                last,
                osp.join(path, last),
                osp.join(path, osp.basename(last)),
            ):
                if osp.isfile(candidate):
                    return candidate
            return last  # let loading report the missing file by name
    if not osp.isdir(path):
        return None
    found: dict[str, list[tuple[int, str]]] = {}
    for name in os.listdir(path):
        match = _NUMBERED.match(name)
        if match is not None:
            found.setdefault(match.group(1), []).append(
                (int(match.group(2)), osp.join(path, name))
            )
    if not found:
        return None
    if len(found) == 1:
        (numbered,) = found.values()
        return max(numbered)[1]
    # Both epoch_ and iter_ files: their numbers do not compare; newest wins.
    files = [full for numbered in found.values() for _, full in numbered]
    return max(files, key=osp.getmtime)
