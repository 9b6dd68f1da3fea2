"""A pure-torch stand-in for ``mmcv.ops`` (MMCV 1.7.2's op names).

Serves legacy code when no MMCV with compiled ops is installed.  Every name
MMCV 1.7.2's ``mmcv.ops`` exports (``exports.MMCV_OPS_EXPORTS``) imports from
here.  Ops with an exact pure-torch equivalent compute with MMCV's argument
conventions and return values; the others are stand-ins that raise
``CompiledOpUnavailableError`` when constructed or called (see
``unavailable``).  One module per op family:

- ``nms``: nms, batched_nms, soft_nms, nms_match
- ``roi``: RoIAlign, roi_align, RoIPool, roi_pool
- ``deform_conv``: DeformConv2d(Pack), deform_conv2d, ModulatedDeformConv2d(Pack),
  modulated_deform_conv2d
- ``focal_loss``: sigmoid/softmax focal losses and their modules
- ``point_sample``: point_sample, rel_roi_point_to_rel_img_point, SimpleRoIAlign
- ``msda``: MultiScaleDeformableAttention, multi_scale_deformable_attn_pytorch
- ``bbox``, ``corner_pool``, ``masked_conv``, ``wrappers``, ``info``: small
  exact ones
- ``unavailable``: everything else
"""

from __future__ import annotations

from .bbox import bbox_overlaps
from .corner_pool import CornerPool
from .deform_conv import (
    DeformConv2d,
    DeformConv2dPack,
    ModulatedDeformConv2d,
    ModulatedDeformConv2dPack,
    deform_conv2d,
    modulated_deform_conv2d,
)
from .exports import MMCV_OPS_EXPORTS
from .focal_loss import (
    SigmoidFocalLoss,
    SoftmaxFocalLoss,
    sigmoid_focal_loss,
    softmax_focal_loss,
)
from .info import (
    get_compiler_version,
    get_compiling_cuda_version,
    get_onnxruntime_op_path,
)
from .masked_conv import MaskedConv2d, masked_conv2d
from .msda import MultiScaleDeformableAttention, multi_scale_deformable_attn_pytorch
from .nms import batched_nms, nms, nms_match, soft_nms
from .point_sample import SimpleRoIAlign, point_sample, rel_roi_point_to_rel_img_point
from .roi import RoIAlign, RoIPool, roi_align, roi_pool
from .unavailable import STAND_INS, CompiledOpUnavailableError
from .wrappers import Conv2d, ConvTranspose2d, Linear, MaxPool2d

# The stand-ins for the ops that need MMCV's compiled extension.
globals().update(STAND_INS)

__all__ = [
    "batched_nms",
    "bbox_overlaps",
    "CompiledOpUnavailableError",
    "Conv2d",
    "ConvTranspose2d",
    "CornerPool",
    "deform_conv2d",
    "DeformConv2d",
    "DeformConv2dPack",
    "get_compiler_version",
    "get_compiling_cuda_version",
    "get_onnxruntime_op_path",
    "Linear",
    "masked_conv2d",
    "MaskedConv2d",
    "MaxPool2d",
    "MMCV_OPS_EXPORTS",
    "modulated_deform_conv2d",
    "ModulatedDeformConv2d",
    "ModulatedDeformConv2dPack",
    "multi_scale_deformable_attn_pytorch",
    "MultiScaleDeformableAttention",
    "nms",
    "nms_match",
    "point_sample",
    "rel_roi_point_to_rel_img_point",
    "roi_align",
    "roi_pool",
    "RoIAlign",
    "RoIPool",
    "sigmoid_focal_loss",
    "SigmoidFocalLoss",
    "SimpleRoIAlign",
    "soft_nms",
    "softmax_focal_loss",
    "SoftmaxFocalLoss",
]
__all__ += sorted(STAND_INS)

#: Names of ``mmcv.ops`` that compute here (the rest are stand-ins).
COMPUTED_OPS = frozenset(MMCV_OPS_EXPORTS) - frozenset(STAND_INS)
