"""Stand-ins for the MMCV ops that only MMCV's compiled extension provides.

Legacy libraries import dozens of ``mmcv.ops`` names at module level and use a
few of them.  Every name therefore imports; a stand-in fails only when it is
used (a class when constructed, a function when called), with one message that
names the op and what to install.  Classes stay real ``nn.Module`` subclasses so
that ``isinstance`` checks and subclass definitions in legacy code still work.
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

from torch import nn

INSTALL_HINT = "install mmcv>=2 built with ops (mmcv, not mmcv-lite)"


class CompiledOpUnavailableError(RuntimeError):
    """An ``mmcv.ops`` name was used that needs MMCV's compiled ops."""


def unavailable_message(name: str) -> str:
    return f"mmcv.ops.{name} needs MMCV's compiled ops: {INSTALL_HINT}"


def _fail(name: str) -> NoReturn:
    raise CompiledOpUnavailableError(unavailable_message(name))


def unavailable_function(name: str) -> Callable[..., Any]:
    """A function named ``name`` that raises when called."""

    def op(*args: Any, **kwargs: Any) -> NoReturn:
        _fail(name)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = unavailable_message(name)
    return op


def unavailable_class(name: str) -> type[nn.Module]:
    """An ``nn.Module`` subclass named ``name`` that raises when constructed."""

    def __init__(self: nn.Module, *args: Any, **kwargs: Any) -> None:
        _fail(name)

    return type(
        name,
        (nn.Module,),
        {"__init__": __init__, "__doc__": unavailable_message(name)},
    )


# Everything MMCV 1.7.2 exports that has no exact pure-torch equivalent here:
# rotated / quadrilateral boxes, 3D point clouds, sparse convolution, and ops
# whose numbers come from a CUDA-only kernel.
UNAVAILABLE_FUNCTIONS = (
    "active_rotated_filter",
    "assign_score_withk",
    "ball_query",
    "border_align",
    "box_iou_quadri",
    "box_iou_rotated",
    "boxes_iou3d",
    "boxes_iou_bev",
    "boxes_overlap_bev",
    "carafe",
    "carafe_naive",
    "chamfer_distance",
    "contour_expand",
    "convex_giou",
    "convex_iou",
    "deform_roi_pool",
    "diff_iou_rotated_2d",
    "diff_iou_rotated_3d",
    "dynamic_scatter",
    "furthest_point_sample",
    "furthest_point_sample_with_dist",
    "fused_bias_leakyrelu",
    "gather_points",
    "grouping_operation",
    "knn",
    "min_area_polygons",
    "nms3d",
    "nms3d_normal",
    "nms_bev",
    "nms_normal_bev",
    "nms_quadri",
    "nms_rotated",
    "pixel_group",
    "points_in_boxes_all",
    "points_in_boxes_cpu",
    "points_in_boxes_part",
    "points_in_polygons",
    "prroi_pool",
    "riroi_align_rotated",
    "roi_align_rotated",
    "rotated_feature_align",
    "scatter_nd",
    "three_interpolate",
    "three_nn",
    "tin_shift",
    "upfirdn2d",
    "voxelization",
)

UNAVAILABLE_CLASSES = (
    "BorderAlign",
    "CARAFE",
    "CARAFENaive",
    "CARAFEPack",
    "Correlation",
    "CrissCrossAttention",
    "DeformRoIPool",
    "DeformRoIPoolPack",
    "DynamicScatter",
    "FusedBiasLeakyReLU",
    "GroupAll",
    "ModulatedDeformRoIPoolPack",
    "PSAMask",
    "PointsSampler",
    "PrRoIPool",
    "QueryAndGroup",
    "RiRoIAlignRotated",
    "RoIAlignRotated",
    "RoIAwarePool3d",
    "RoIPointPool3d",
    "SAConv2d",
    "SparseConv2d",
    "SparseConv3d",
    "SparseConvTensor",
    "SparseConvTranspose2d",
    "SparseConvTranspose3d",
    "SparseInverseConv2d",
    "SparseInverseConv3d",
    "SparseMaxPool2d",
    "SparseMaxPool3d",
    "SparseModule",
    "SparseSequential",
    "SubMConv2d",
    "SubMConv3d",
    "SyncBatchNorm",
    "TINShift",
    "Voxelization",
)

STAND_INS: dict[str, Any] = {
    **{name: unavailable_function(name) for name in UNAVAILABLE_FUNCTIONS},
    **{name: unavailable_class(name) for name in UNAVAILABLE_CLASSES},
}
