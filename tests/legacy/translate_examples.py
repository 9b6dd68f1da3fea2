"""Before/after pairs for every translation rule.

``test_translate_rules.py`` checks each pair against ``translate()``; the
catalogue of translated keys in ``docs/convert.md`` is generated from them
(``tests/test_docs.py`` checks that it is up to date):

    python tests/legacy/translate_examples.py           # print it
    python tests/legacy/translate_examples.py --write   # rewrite docs/convert.md

Each example: ``(family, title, before, after, context)``; ``before`` is the
legacy snippet shown, ``context`` legacy keys it needs but that are not the
point (e.g. the runner for a schedule), ``after`` the new keys it yields.
"""

from __future__ import annotations

import sys
from pathlib import Path

EPOCHS_12 = dict(runner=dict(type="EpochBasedRunner", max_epochs=12))
ITERS_90K = dict(runner=dict(type="IterBasedRunner", max_iters=90000))
SGD = dict(optimizer=dict(type="SGD", lr=0.02, momentum=0.9, weight_decay=0.0001))

EXAMPLES: list[tuple[str, str, dict, dict, dict]] = [
    # -- loop -----------------------------------------------------------------
    (
        "loop",
        "EpochBasedRunner",
        dict(runner=dict(type="EpochBasedRunner", max_epochs=12)),
        dict(train_cfg=dict(type="EpochBasedTrainLoop", max_epochs=12)),
        {},
    ),
    (
        "loop",
        "IterBasedRunner",
        dict(runner=dict(type="IterBasedRunner", max_iters=90000)),
        dict(train_cfg=dict(type="IterBasedTrainLoop", max_iters=90000)),
        {},
    ),
    (
        "loop",
        "total_epochs (old configs without runner)",
        dict(total_epochs=24),
        dict(train_cfg=dict(type="EpochBasedTrainLoop", max_epochs=24)),
        {},
    ),
    (
        "loop",
        "total_iters (MMEditing 1.x, iteration-based)",
        dict(total_iters=300000),
        dict(train_cfg=dict(type="IterBasedTrainLoop", max_iters=300000)),
        {},
    ),
    (
        "loop",
        "workflow with a loss-only val phase",
        dict(workflow=[("train", 2), ("val", 1)]),
        dict(
            train_cfg=dict(type="EpochBasedTrainLoop", max_epochs=12, val_interval=2),
            val_cfg=dict(type="ValLoop"),
        ),
        EPOCHS_12,
    ),
    (
        "loop",
        "model settings at top level (old configs)",
        dict(
            train_cfg=dict(rpn=dict(debug=False)),
            test_cfg=dict(rcnn=dict(max_per_img=100)),
        ),
        dict(
            model=dict(
                type="Detector",
                train_cfg=dict(rpn=dict(debug=False)),
                test_cfg=dict(rcnn=dict(max_per_img=100)),
            )
        ),
        dict(model=dict(type="Detector")),
    ),
    # -- optimisation ---------------------------------------------------------
    (
        "optimisation",
        "optimizer with paramwise_cfg, grad_clip",
        dict(
            optimizer=dict(
                type="SGD",
                lr=0.02,
                momentum=0.9,
                paramwise_cfg=dict(norm_decay_mult=0.0),
            ),
            optimizer_config=dict(grad_clip=dict(max_norm=35, norm_type=2)),
        ),
        dict(
            optim_wrapper=dict(
                type="OptimWrapper",
                optimizer=dict(type="SGD", lr=0.02, momentum=0.9),
                paramwise_cfg=dict(norm_decay_mult=0.0),
                clip_grad=dict(max_norm=35, norm_type=2),
            )
        ),
        {},
    ),
    (
        "optimisation",
        "fp16 (OpenMMLab train scripts: Fp16OptimizerHook)",
        dict(
            optimizer=dict(type="AdamW", lr=0.0001),
            optimizer_config=dict(grad_clip=None),
            fp16=dict(loss_scale=512.0),
        ),
        dict(
            optim_wrapper=dict(
                type="AmpOptimWrapper",
                optimizer=dict(type="AdamW", lr=0.0001),
                loss_scale=512.0,
            )
        ),
        {},
    ),
    (
        "optimisation",
        "Fp16OptimizerHook (MMCV's default loss_scale=512.)",
        dict(
            optimizer=dict(type="SGD", lr=0.01),
            optimizer_config=dict(type="Fp16OptimizerHook"),
        ),
        dict(
            optim_wrapper=dict(
                type="AmpOptimWrapper",
                optimizer=dict(type="SGD", lr=0.01),
                loss_scale=512.0,
            )
        ),
        {},
    ),
    (
        "optimisation",
        "GradientCumulativeFp16OptimizerHook",
        dict(
            optimizer=dict(type="SGD", lr=0.01),
            optimizer_config=dict(
                type="GradientCumulativeFp16OptimizerHook",
                cumulative_iters=4,
                loss_scale="dynamic",
                grad_clip=dict(max_norm=1),
            ),
        ),
        dict(
            optim_wrapper=dict(
                type="AmpOptimWrapper",
                optimizer=dict(type="SGD", lr=0.01),
                loss_scale="dynamic",
                accumulative_counts=4,
                clip_grad=dict(max_norm=1),
            )
        ),
        {},
    ),
    (
        "optimisation",
        "detect_anomalous_params and optimizer constructor",
        dict(
            optimizer=dict(
                type="SGD", lr=0.01, constructor="DefaultOptimizerConstructor"
            ),
            optimizer_config=dict(detect_anomalous_params=True),
        ),
        dict(
            optim_wrapper=dict(
                type="OptimWrapper",
                optimizer=dict(type="SGD", lr=0.01),
                constructor="DefaultOptimWrapperConstructor",
            ),
            model_wrapper_cfg=dict(
                type="MMDistributedDataParallel", detect_anomalous_params=True
            ),
        ),
        {},
    ),
    (
        "optimisation",
        "several optimizers (GANs)",
        dict(
            optimizer=dict(
                generator=dict(type="Adam", lr=0.0001),
                discriminator=dict(type="Adam", lr=0.0004),
            )
        ),
        dict(
            optim_wrapper=dict(
                generator=dict(
                    type="OptimWrapper", optimizer=dict(type="Adam", lr=0.0001)
                ),
                discriminator=dict(
                    type="OptimWrapper", optimizer=dict(type="Adam", lr=0.0004)
                ),
            )
        ),
        {},
    ),
    (
        "optimisation",
        "optimizers (MMEditing 0.x)",
        dict(
            optimizers=dict(generator=dict(type="Adam", lr=0.0001, betas=(0.9, 0.999)))
        ),
        dict(
            optim_wrapper=dict(
                generator=dict(
                    type="OptimWrapper",
                    optimizer=dict(type="Adam", lr=0.0001, betas=(0.9, 0.999)),
                )
            )
        ),
        {},
    ),
    (
        "optimisation",
        "optimizers holding one optimizer (MMEditing 0.x: for the whole model)",
        dict(optimizers=dict(type="Adam", lr=1e-05)),
        dict(
            optim_wrapper=dict(
                type="OptimWrapper", optimizer=dict(type="Adam", lr=1e-05)
            )
        ),
        {},
    ),
    # -- schedule ---------------------------------------------------------------
    (
        "schedule",
        "step + linear warm-up (MMDet 1x): LinearLR ends at warmup_iters + 1",
        dict(
            lr_config=dict(
                policy="step",
                warmup="linear",
                warmup_iters=500,
                warmup_ratio=0.001,
                step=[8, 11],
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="LinearLR",
                    start_factor=0.001,
                    by_epoch=False,
                    begin=0,
                    end=501,
                ),
                dict(
                    type="MultiStepLR",
                    milestones=[8, 11],
                    gamma=0.1,
                    by_epoch=True,
                    begin=0,
                    end=12,
                ),
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "step counted in iterations (IterBasedRunner)",
        dict(
            lr_config=dict(
                policy="step",
                warmup="constant",
                warmup_iters=500,
                warmup_ratio=1.0 / 3,
                step=[60000, 80000],
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="ConstantLR", factor=1.0 / 3, by_epoch=False, begin=0, end=501
                ),
                dict(
                    type="MultiStepLR",
                    milestones=[60000, 80000],
                    gamma=0.1,
                    by_epoch=False,
                    begin=0,
                    end=90000,
                ),
            ]
        ),
        ITERS_90K,
    ),
    (
        "schedule",
        "step with an int step",
        dict(lr_config=dict(policy="step", step=3, gamma=0.5)),
        dict(
            param_scheduler=[
                dict(
                    type="StepLR",
                    step_size=3,
                    gamma=0.5,
                    by_epoch=True,
                    begin=0,
                    end=12,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "exp",
        dict(lr_config=dict(policy="exp", gamma=0.9)),
        dict(
            param_scheduler=[
                dict(type="ExponentialLR", gamma=0.9, by_epoch=True, begin=0, end=12)
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "poly: PolyLR reaches eta_min at end - 1, MMCV at max_progress",
        dict(lr_config=dict(policy="poly", power=0.9, min_lr=0.0001, by_epoch=False)),
        dict(
            param_scheduler=[
                dict(
                    type="PolyLR",
                    eta_min=0.0001,
                    power=0.9,
                    begin=0,
                    end=90001,
                    by_epoch=False,
                )
            ]
        ),
        ITERS_90K,
    ),
    (
        "schedule",
        "CosineAnnealing counted in iterations under an EpochBasedRunner",
        dict(
            lr_config=dict(policy="CosineAnnealing", min_lr_ratio=0.01, by_epoch=False)
        ),
        dict(
            param_scheduler=[
                dict(
                    type="CosineAnnealingLR",
                    T_max=12,
                    eta_min_ratio=0.01,
                    begin=0,
                    end=12,
                    by_epoch=True,
                    convert_to_iter_based=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "CosineAnnealing + linear warm-up to 0 (chains exactly)",
        dict(
            lr_config=dict(
                policy="CosineAnnealing",
                warmup="linear",
                warmup_iters=500,
                warmup_ratio=0.001,
                min_lr=0,
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="LinearLR",
                    start_factor=0.001,
                    by_epoch=False,
                    begin=0,
                    end=501,
                ),
                dict(
                    type="CosineAnnealingLR",
                    T_max=12,
                    eta_min=0,
                    begin=0,
                    end=12,
                    by_epoch=True,
                ),
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "FlatCosineAnnealing",
        dict(
            lr_config=dict(
                policy="FlatCosineAnnealing", start_percent=0.5, min_lr_ratio=0.1
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="CosineAnnealingLR",
                    T_max=6,
                    eta_min_ratio=0.1,
                    begin=6,
                    end=12,
                    by_epoch=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "CosineRestart with unit weights",
        dict(
            lr_config=dict(
                policy="CosineRestart",
                periods=[4, 8],
                restart_weights=[1, 1],
                min_lr=1e-5,
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="CosineRestartLR",
                    periods=[4, 8],
                    restart_weights=[1, 1],
                    eta_min=1e-5,
                    by_epoch=True,
                    begin=0,
                    end=12,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "LinearAnnealing",
        dict(lr_config=dict(policy="LinearAnnealing", min_lr_ratio=0.05)),
        dict(
            param_scheduler=[
                dict(
                    type="LinearLR",
                    start_factor=1.0,
                    end_factor=0.05,
                    begin=0,
                    end=13,
                    by_epoch=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "OneCycle",
        dict(lr_config=dict(policy="OneCycle", max_lr=0.2, pct_start=0.25)),
        dict(
            param_scheduler=[
                dict(
                    type="OneCycleLR",
                    eta_max=0.2,
                    pct_start=0.25,
                    anneal_strategy="cos",
                    div_factor=25,
                    final_div_factor=10000.0,
                    three_phase=False,
                    begin=0,
                    end=90000,
                    by_epoch=False,
                )
            ]
        ),
        ITERS_90K,
    ),
    (
        "schedule",
        "constant warm-up counted in epochs (lifted at an epoch boundary)",
        dict(
            lr_config=dict(
                policy="fixed",
                warmup="constant",
                warmup_iters=2,
                warmup_ratio=0.1,
                warmup_by_epoch=True,
            )
        ),
        dict(
            param_scheduler=[
                dict(type="ConstantLR", factor=0.1, by_epoch=True, begin=0, end=3)
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "no stock equivalent: exact mmcompat scheduler (warm-up into a cosine to min_lr_ratio)",
        dict(
            lr_config=dict(
                policy="CosineAnnealing",
                warmup="linear",
                warmup_iters=1000,
                warmup_ratio=0.1,
                min_lr_ratio=1e-5,
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="MMCVLrPolicy",
                    lr_config=dict(
                        policy="CosineAnnealing",
                        warmup="linear",
                        warmup_iters=1000,
                        warmup_ratio=0.1,
                        min_lr_ratio=1e-5,
                        by_epoch=True,
                    ),
                    by_epoch=True,
                    convert_to_iter_based=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "no stock equivalent: linear warm-up counted in epochs",
        dict(
            lr_config=dict(
                policy="step",
                step=[8, 11],
                warmup="linear",
                warmup_iters=1,
                warmup_by_epoch=True,
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="MMCVLrPolicy",
                    lr_config=dict(
                        policy="step",
                        step=[8, 11],
                        warmup="linear",
                        warmup_iters=1,
                        warmup_by_epoch=True,
                        by_epoch=True,
                    ),
                    by_epoch=True,
                    convert_to_iter_based=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "MMDet 2.x's YOLOX policy (its own LrUpdaterHook): exact mmcompat scheduler",
        dict(
            lr_config=dict(
                policy="YOLOX",
                warmup="exp",
                by_epoch=False,
                warmup_by_epoch=True,
                warmup_ratio=1,
                warmup_iters=5,
                num_last_epochs=15,
                min_lr_ratio=0.05,
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="MMCVLrPolicy",
                    lr_config=dict(
                        policy="YOLOX",
                        warmup="exp",
                        by_epoch=False,
                        warmup_by_epoch=True,
                        warmup_ratio=1,
                        warmup_iters=5,
                        num_last_epochs=15,
                        min_lr_ratio=0.05,
                    ),
                    by_epoch=True,
                    convert_to_iter_based=True,
                )
            ]
        ),
        dict(runner=dict(type="EpochBasedRunner", max_epochs=300)),
    ),
    (
        "schedule",
        "a library's own policy (MMEditing's LinearLrUpdaterHook): the registered class, run by the exact scheduler",
        dict(
            lr_config=dict(
                policy="Linear", by_epoch=False, target_lr=0, start=40000, interval=400
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="MMCVLrPolicy",
                    lr_config=dict(
                        policy="Linear",
                        by_epoch=False,
                        target_lr=0,
                        start=40000,
                        interval=400,
                    ),
                    by_epoch=False,
                )
            ]
        ),
        dict(runner=dict(type="IterBasedRunner", max_iters=300000)),
    ),
    (
        "schedule",
        "momentum_config (cosine, Adam's betas[0] too)",
        dict(
            momentum_config=dict(
                policy="CosineAnnealing", min_momentum_ratio=0.85 / 0.95
            )
        ),
        dict(
            param_scheduler=[
                dict(
                    type="CosineAnnealingMomentum",
                    T_max=12,
                    eta_min_ratio=0.85 / 0.95,
                    begin=0,
                    end=12,
                    by_epoch=True,
                )
            ]
        ),
        EPOCHS_12,
    ),
    (
        "schedule",
        "cyclic lr + cyclic momentum (MMDet3D)",
        dict(
            lr_config=dict(
                policy="cyclic",
                target_ratio=(10, 1e-4),
                cyclic_times=1,
                step_ratio_up=0.4,
            ),
            momentum_config=dict(
                policy="cyclic",
                target_ratio=(0.85 / 0.95, 1),
                cyclic_times=1,
                step_ratio_up=0.4,
            ),
        ),
        dict(
            param_scheduler=[
                dict(
                    type="MMCVLrPolicy",
                    lr_config=dict(
                        policy="cyclic",
                        target_ratio=(10, 1e-4),
                        cyclic_times=1,
                        step_ratio_up=0.4,
                        by_epoch=False,
                    ),
                    by_epoch=True,
                    convert_to_iter_based=True,
                ),
                dict(
                    type="MMCVMomentumPolicy",
                    momentum_config=dict(
                        policy="cyclic",
                        target_ratio=(0.85 / 0.95, 1),
                        cyclic_times=1,
                        step_ratio_up=0.4,
                        by_epoch=False,
                    ),
                    by_epoch=True,
                    convert_to_iter_based=True,
                ),
            ]
        ),
        EPOCHS_12,
    ),
    # -- hooks --------------------------------------------------------------------
    (
        "hooks",
        "checkpoint_config",
        dict(checkpoint_config=dict(interval=1, max_keep_ckpts=3)),
        dict(
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
                checkpoint=dict(type="CheckpointHook", interval=1, max_keep_ckpts=3),
            )
        ),
        {},
    ),
    (
        "hooks",
        "checkpoint_config under IterBasedRunner (by_epoch=False default)",
        dict(checkpoint_config=dict(interval=5000)),
        dict(
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
                checkpoint=dict(type="CheckpointHook", interval=5000, by_epoch=False),
            )
        ),
        ITERS_90K,
    ),
    (
        "hooks",
        "log_config with text and TensorBoard loggers",
        dict(
            log_config=dict(
                interval=50,
                hooks=[dict(type="TextLoggerHook"), dict(type="TensorboardLoggerHook")],
            )
        ),
        dict(
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
                logger=dict(type="LoggerHook", interval=50),
            ),
            log_processor=dict(type="LogProcessor", window_size=50, by_epoch=True),
            visualizer=dict(
                type="Visualizer",
                vis_backends=[
                    dict(type="LocalVisBackend"),
                    dict(type="TensorboardVisBackend"),
                ],
                name="visualizer",
            ),
        ),
        {},
    ),
    (
        "hooks",
        "WandbLoggerHook",
        dict(
            log_config=dict(
                interval=10,
                hooks=[dict(type="WandbLoggerHook", init_kwargs=dict(project="p"))],
            )
        ),
        dict(
            visualizer=dict(
                type="Visualizer",
                vis_backends=[
                    dict(type="WandbVisBackend", init_kwargs=dict(project="p"))
                ],
                name="visualizer",
            )
        ),
        {},
    ),
    (
        "hooks",
        "custom_hooks: MMCV hooks renamed, priorities kept",
        dict(
            custom_hooks=[
                dict(type="EMAHook", momentum=0.0002, priority="ABOVE_NORMAL"),
                dict(type="EmptyCacheHook", after_epoch=True),
                dict(type="DistSamplerSeedHook"),
            ]
        ),
        dict(
            custom_hooks=[
                dict(
                    type="EMAHook",
                    momentum=0.0002,
                    priority="ABOVE_NORMAL",
                    ema_type="ExponentialMovingAverage",
                ),
                dict(type="EmptyCacheHook", after_epoch=True),
            ],
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
            ),
        ),
        {},
    ),
    (
        "hooks",
        "timer_config",
        dict(timer_config=dict(type="IterTimerHook")),
        dict(
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
            )
        ),
        {},
    ),
    (
        "hooks",
        "evaluation (metric carried with a TODO), save_best -> CheckpointHook",
        dict(
            evaluation=dict(interval=2, metric="bbox", save_best="auto", rule="greater")
        ),
        dict(
            train_cfg=dict(type="EpochBasedTrainLoop", max_epochs=12, val_interval=2),
            val_cfg=dict(type="ValLoop"),
            test_cfg=dict(type="TestLoop"),
            val_evaluator=dict(metric="bbox"),
            test_evaluator=dict(metric="bbox"),
            default_hooks=dict(
                timer=dict(type="IterTimerHook"),
                param_scheduler=dict(type="ParamSchedulerHook"),
                sampler_seed=dict(type="DistSamplerSeedHook"),
                checkpoint=dict(
                    type="CheckpointHook", interval=1, save_best="auto", rule="greater"
                ),
            ),
        ),
        dict(EPOCHS_12, checkpoint_config=dict(interval=1)),
    ),
    (
        "hooks",
        "evaluation start and MMDet's dynamic_intervals",
        dict(
            evaluation=dict(
                interval=10, start=20, dynamic_intervals=[(285, 1)], metric="bbox"
            )
        ),
        dict(
            train_cfg=dict(
                type="EpochBasedTrainLoop",
                max_epochs=300,
                val_interval=10,
                val_begin=20,
                # MMEngine's loop picks the interval one epoch later than
                # MMDet's EvalHook: milestone + 1 validates at the same epochs
                dynamic_intervals=[(286, 1)],
            )
        ),
        dict(runner=dict(type="EpochBasedRunner", max_epochs=300)),
    ),
    # -- data -----------------------------------------------------------------------
    (
        "data",
        "data -> dataloaders (MMDet rules for batch sizes; MMCV's collate stacked tensors)",
        dict(
            data=dict(
                samples_per_gpu=2,
                workers_per_gpu=2,
                train=dict(type="CocoDataset", ann_file="train.json"),
                val=dict(type="CocoDataset", ann_file="val.json", samples_per_gpu=4),
                test=dict(type="CocoDataset", ann_file="val.json"),
            )
        ),
        dict(
            train_dataloader=dict(
                batch_size=2,
                num_workers=2,
                sampler=dict(type="DefaultSampler", shuffle=True),
                collate_fn=dict(type="default_collate"),
                dataset=dict(type="CocoDataset", ann_file="train.json"),
            ),
            val_dataloader=dict(
                batch_size=4,
                num_workers=2,
                sampler=dict(type="DefaultSampler", shuffle=False),
                collate_fn=dict(type="default_collate"),
                drop_last=False,
                dataset=dict(type="CocoDataset", ann_file="val.json"),
            ),
            test_dataloader=dict(
                batch_size=1,
                num_workers=2,
                sampler=dict(type="DefaultSampler", shuffle=False),
                collate_fn=dict(type="default_collate"),
                drop_last=False,
                dataset=dict(type="CocoDataset", ann_file="val.json"),
            ),
        ),
        {},
    ),
    (
        "data",
        "IterBasedRunner: infinite sampler; per-split overrides",
        dict(
            data=dict(
                samples_per_gpu=2,
                workers_per_gpu=4,
                persistent_workers=True,
                train=dict(type="Toy"),
                train_dataloader=dict(samples_per_gpu=8),
            )
        ),
        dict(
            train_dataloader=dict(
                batch_size=8,
                num_workers=4,
                persistent_workers=True,
                sampler=dict(type="InfiniteSampler", shuffle=True),
                collate_fn=dict(type="default_collate"),
                dataset=dict(type="Toy"),
            )
        ),
        ITERS_90K,
    ),
    # -- environment ------------------------------------------------------------------
    (
        "environment",
        "process and distributed settings",
        dict(
            dist_params=dict(backend="nccl"),
            mp_start_method="fork",
            opencv_num_threads=0,
            cudnn_benchmark=True,
        ),
        dict(
            env_cfg=dict(
                cudnn_benchmark=True,
                mp_cfg=dict(mp_start_method="fork", opencv_num_threads=0),
                dist_cfg=dict(backend="nccl"),
            )
        ),
        {},
    ),
    (
        "environment",
        "resume_from (wins over load_from, as in MMCV-era scripts)",
        dict(resume_from="work_dirs/x/latest.pth", load_from="pretrained.pth"),
        dict(load_from="work_dirs/x/latest.pth", resume=True),
        {},
    ),
    (
        "environment",
        "auto_resume (MMDet)",
        dict(auto_resume=True, load_from=None),
        dict(load_from=None, resume=True),
        {},
    ),
    (
        "environment",
        "seed, deterministic, find_unused_parameters",
        dict(seed=42, deterministic=True, find_unused_parameters=True),
        dict(
            randomness=dict(seed=42, deterministic=True),
            model_wrapper_cfg=dict(
                type="MMDistributedDataParallel", find_unused_parameters=True
            ),
        ),
        {},
    ),
    (
        "environment",
        "a project package in custom_imports -> default_scope (with a TODO to check it)",
        dict(
            custom_imports=dict(imports=["myproj.models"], allow_failed_imports=False)
        ),
        dict(
            custom_imports=dict(imports=["myproj.models"], allow_failed_imports=False),
            default_scope="myproj",
        ),
        {},
    ),
    (
        "environment",
        "kept as is: auto_scale_lr, log_level, work_dir",
        dict(auto_scale_lr=dict(enable=False, base_batch_size=16), log_level="INFO"),
        dict(auto_scale_lr=dict(enable=False, base_batch_size=16), log_level="INFO"),
        {},
    ),
]


def catalogue() -> str:
    """The examples as Markdown (before/after as config source)."""
    from mmcompat.config import format_python

    out: list[str] = []
    family = None
    for fam, title, before, after, context in EXAMPLES:
        if fam != family:
            family = fam
            out.append(f"\n### {fam}\n")
        out.append(f"**{title}**\n")
        given = ""
        if context:
            given = (
                "# (given elsewhere in the config)\n"
                + format_python(context).rstrip()
                + "\n"
            )
        out.append(
            "```python\n" + given + "# before\n" + format_python(before).rstrip()
        )
        out.append("# after\n" + format_python(after).rstrip() + "\n```\n")
    return "\n".join(out)


DOC = Path(__file__).resolve().parents[2] / "docs" / "convert.md"
BEGIN, END = "<!-- begin catalogue -->\n", "<!-- end catalogue -->\n"


def catalogue_in_doc(text: str) -> str:
    """The part of ``docs/convert.md`` between the catalogue markers."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end]


def write_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    old = catalogue_in_doc(text)
    start = text.index(BEGIN) + len(BEGIN)
    new = catalogue().strip() + "\n"
    DOC.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_doc()
    else:
        print(catalogue())
