"""The per-policy planners against the policy table."""

from __future__ import annotations

from mmcompat.legacy.translate.policies import REGULAR_PLANS, Plan, Unit, plan_regular
from mmcompat.tables.mmcv_policies import LR_POLICIES, MOMENTUM_POLICIES


def test_every_mmcv_policy_has_a_planner():
    assert set(REGULAR_PLANS) == set(LR_POLICIES) | set(MOMENTUM_POLICIES)


def test_momentum_one_cycle_has_no_stock_scheduler():
    plan = plan_regular(
        "Momentum",
        "OneCycle",
        dict(MOMENTUM_POLICIES["OneCycle"]),
        Unit("iter", 100),
        0.9,
    )
    assert plan == Plan(
        schedulers=[],
        exact=False,
        reason="OneCycle momentum has no stock scheduler",
        multiplicative=False,
    )


def test_poly_to_zero_is_exact_and_ends_one_step_later_than_mmengine_default():
    args = dict(LR_POLICIES["Poly"], power=2.0)
    plan = plan_regular("LR", "Poly", args, Unit("iter", 100), 0.1)
    assert plan.exact and plan.multiplicative
    assert plan.schedulers == [
        dict(
            type="PolyLR",
            eta_min=0.0,
            power=2.0,
            begin=0,
            end=101,
            by_epoch=False,
        )
    ]
