"""``Visualizer``: fans scalars, configs and images out to its backends.

MMEngine's names and construction rules: ``vis_backends`` is a list of
backend configs (or instances); each config gets ``save_dir=<save_dir>/vis_data``
unless it names its own; a backend that needs a ``save_dir`` but gets none is
skipped with a warning; backends are keyed by their ``name`` (default: the
class name). Every recording method runs on the main process only.

Not provided: MMEngine's matplotlib drawing API (``draw_bboxes``,
``draw_texts``, ``show`` ...). ``set_image`` / ``get_image`` keep the image so
subclasses can draw on it themselves.
"""

from __future__ import annotations

import inspect
import os.path as osp
import warnings
from typing import Any

from mmcompat.dist import master_only
from mmcompat.registry import VISBACKENDS, VISUALIZERS
from mmcompat.utils import ManagerMixin

from .vis_backend import BaseVisBackend


@VISUALIZERS.register_module()
class Visualizer(ManagerMixin):
    """Record experiment data through a set of storage backends.

    Args:
        name: the instance name. Defaults to 'visualizer'.
        image: an initial RGB image (see :meth:`set_image`).
        vis_backends: backend configs (``dict(type='LocalVisBackend')``) or
            instances; a single one may be given without a list.
        save_dir: the experiment's log folder; backends write into
            ``<save_dir>/vis_data``. None: backends that need a folder are
            skipped.
        fig_save_cfg, fig_show_cfg: accepted for MMEngine compatibility
            (matplotlib figure options); unused.

    Example::

        >>> vis = Visualizer.get_instance(
        ...     'exp', vis_backends=[dict(type='LocalVisBackend')], save_dir='work')
        >>> vis.add_scalars({'loss': 0.5}, step=10)  # work/vis_data/scalars.json
    """

    def __init__(
        self,
        name: str = "visualizer",
        image: Any = None,
        vis_backends: list | dict | BaseVisBackend | None = None,
        save_dir: str | None = None,
        fig_save_cfg: dict | None = None,
        fig_show_cfg: dict | None = None,
    ) -> None:
        super().__init__(name)
        self._dataset_meta: dict | None = None
        self._image: Any = None
        self._vis_backends: dict[str, BaseVisBackend] = {}
        self.fig_save_cfg = (
            fig_save_cfg if fig_save_cfg is not None else {"frameon": False}
        )
        self.fig_show_cfg = (
            fig_show_cfg if fig_show_cfg is not None else {"frameon": False}
        )

        if vis_backends is None:
            vis_backends = []
        if isinstance(vis_backends, (dict, BaseVisBackend)):
            vis_backends = [vis_backends]
        if not isinstance(vis_backends, (list, tuple)) or not all(
            isinstance(b, (dict, BaseVisBackend)) for b in vis_backends
        ):
            raise TypeError(
                "vis_backends must be a list of backend config dicts or "
                f"BaseVisBackend instances, got {vis_backends!r}"
            )
        if save_dir is not None:
            save_dir = osp.join(save_dir, "vis_data")

        for item in vis_backends:
            backend_name = None
            if isinstance(item, dict):
                cfg = dict(item)  # never mutate the caller's config
                backend_name = cfg.pop("name", None)
                cfg.setdefault("save_dir", save_dir)
                backend = VISBACKENDS.build(cfg)
            else:
                backend = item
            if (
                self._needs_save_dir(backend)
                and getattr(backend, "_save_dir", None) is None
            ):
                warnings.warn(
                    f"{type(backend).__name__} is skipped: it needs a save_dir and the "
                    "Visualizer has none"
                )
                continue
            backend_name = backend_name or type(backend).__name__
            if backend_name in self._vis_backends:
                raise RuntimeError(
                    f"two vis_backends are named {backend_name!r}; give one a "
                    "distinct 'name'"
                )
            self._vis_backends[backend_name] = backend

        if image is not None:
            self.set_image(image)

    @staticmethod
    def _needs_save_dir(backend: BaseVisBackend) -> bool:
        parameter = inspect.signature(type(backend).__init__).parameters.get("save_dir")
        return parameter is not None and parameter.default is inspect.Parameter.empty

    @classmethod
    def get_instance(cls, name: str, **kwargs: Any) -> Visualizer:
        """As ``ManagerMixin.get_instance``; a subclass instance is also the
        base class's current instance (``Visualizer.get_current_instance()``
        finds the ``DetLocalVisualizer`` the runner built)."""
        instance = super().get_instance(name, **kwargs)
        Visualizer._instance_dict[name] = instance
        return instance

    @property
    def vis_backends(self) -> dict[str, BaseVisBackend]:
        """``{name: backend}``."""
        return self._vis_backends

    @property  # type: ignore[misc]
    @master_only
    def dataset_meta(self) -> dict | None:
        """Meta information of the dataset (classes, palette ...)."""
        return self._dataset_meta

    @dataset_meta.setter  # type: ignore[misc]
    @master_only
    def dataset_meta(self, dataset_meta: dict) -> None:
        self._dataset_meta = dataset_meta

    @master_only
    def set_image(self, image: Any) -> None:
        """Keep ``image`` (an RGB array) as the canvas."""
        self._image = image

    @master_only
    def get_image(self) -> Any:
        """The canvas image set with :meth:`set_image`."""
        if self._image is None:
            raise ValueError("no image is set; call set_image first")
        return self._image

    @master_only
    def get_backend(self, name: str) -> BaseVisBackend | None:
        """The backend called ``name`` (None if there is none)."""
        return self._vis_backends.get(name)

    @master_only
    def add_config(self, config: Any, **kwargs: Any) -> None:
        """Record the config in every backend."""
        for backend in self._vis_backends.values():
            backend.add_config(config, **kwargs)

    @master_only
    def add_graph(self, model: Any, data_batch: Any, **kwargs: Any) -> None:
        """Record the model graph in every backend that supports it."""
        for backend in self._vis_backends.values():
            backend.add_graph(model, data_batch, **kwargs)

    @master_only
    def add_image(self, name: str, image: Any, step: int = 0) -> None:
        """Record an RGB uint8 image (H, W, 3) in every backend."""
        for backend in self._vis_backends.values():
            backend.add_image(name, image, step)

    @master_only
    def add_scalar(self, name: str, value: Any, step: int = 0, **kwargs: Any) -> None:
        """Record one scalar in every backend."""
        for backend in self._vis_backends.values():
            backend.add_scalar(name, value, step, **kwargs)

    @master_only
    def add_scalars(
        self,
        scalar_dict: dict,
        step: int = 0,
        file_path: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Record ``scalar_dict`` at ``step`` in every backend.

        ``file_path``: a .json file name (relative to the backend folder)
        that ``LocalVisBackend`` also appends the record to.
        """
        for backend in self._vis_backends.values():
            backend.add_scalars(scalar_dict, step, file_path, **kwargs)

    @master_only
    def add_datasample(
        self,
        name: str,
        image: Any,
        data_sample: Any = None,
        draw_gt: bool = True,
        draw_pred: bool = True,
        show: bool = False,
        wait_time: float = 0,
        step: int = 0,
    ) -> None:
        """Draw a data sample; subclasses (task visualizers) implement it."""

    def close(self) -> None:
        """Close every backend (flushes the tensorboard file)."""
        for backend in self._vis_backends.values():
            backend.close()
