"""Before/after pairs for ``codemods.hooks`` (LegacyHooksCommand)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.hooks import LegacyHooksCommand


class TestHookPoints(CodemodTest):
    TRANSFORM = LegacyHooksCommand

    def test_generic_epoch_point_becomes_train_point_with_val_alias(self) -> None:
        before = """
            class Reset(Hook):
                def before_epoch(self, runner):
                    self.seen = 0
        """
        after = """
            class Reset(Hook):
                def before_train_epoch(self, runner):
                    self.seen = 0

                before_val_epoch = before_train_epoch  # MMCV ran before_epoch for train and val
        """
        self.assertCodemod(before, after)

    def test_after_epoch_alias_accepts_val_metrics(self) -> None:
        before = """
            class Sync(Hook):
                def after_epoch(self, runner):
                    pass
        """
        after = """
            class Sync(Hook):
                def after_train_epoch(self, runner, metrics=None):
                    pass

                after_val_epoch = after_train_epoch  # MMCV ran after_epoch for train and val
        """
        self.assertCodemod(before, after)

    def test_generic_point_fills_only_the_missing_phase(self) -> None:
        before = """
            class Timer(Hook):
                def after_train_iter(self, runner):
                    pass

                def after_iter(self, runner):
                    pass
        """
        after = """
            class Timer(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    pass

                def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    pass
        """
        self.assertCodemod(before, after)

    def test_iter_signature_outputs_and_inner_iter(self) -> None:
        before = """
            @HOOKS.register_module()
            class LossWatch(Hook):
                def after_train_iter(self, runner):
                    loss = runner.outputs['loss']
                    log_vars = runner.outputs['log_vars']
                    print(runner.inner_iter, loss, log_vars)
        """
        after = """
            @HOOKS.register_module()
            class LossWatch(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    loss = outputs['loss']
                    log_vars = outputs
                    print(batch_idx, loss, log_vars)
        """
        self.assertCodemod(before, after)

    def test_before_iter_has_no_outputs_argument(self) -> None:
        before = """
            class Warm(Hook):
                def before_train_iter(self, runner):
                    print(runner.outputs)
        """
        after = """
            class Warm(Hook):
                def before_train_iter(self, runner, batch_idx, data_batch=None):
                    # TODO(mmcompat): runner.outputs is gone: use the `outputs` argument of after_*_iter
                    print(runner.outputs)
        """
        self.assertCodemod(before, after)

    def test_val_iter_outputs_are_what_val_step_returned(self) -> None:
        # before: runner.outputs['log_vars'] -> outputs, right for train_step
        # (which returns log_vars) but not for val_step, whose migrated
        # return is [MMCV's dict]
        before = """
            class Watch(Hook):
                def after_val_iter(self, runner):
                    loss = runner.outputs['log_vars']['loss']
                    n = runner.outputs['num_samples']
                    print(runner.outputs)
        """
        after = """
            class Watch(Hook):
                def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    loss = outputs[0]['log_vars']['loss']
                    n = outputs[0]['num_samples']
                    print(outputs[0])
        """
        self.assertCodemod(before, after)

    def test_method_serving_train_and_val_iters_gets_a_todo_on_outputs(self) -> None:
        before = """
            class Watch(Hook):
                def after_iter(self, runner):
                    print(runner.outputs['log_vars'])
        """
        after = """
            class Watch(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    # TODO(mmcompat): this method also runs as after_val_iter, where `outputs` is what val_step returned ([MMCV's dict] after the models codemod), not the log_vars dict train_step returns
                    print(outputs)

                after_val_iter = after_train_iter  # MMCV ran after_iter for train and val
        """
        self.assertCodemod(before, after)

    def test_log_buffer_update_literal_expands_per_key(self) -> None:
        before = """
            class Extra(Hook):
                def after_train_iter(self, runner):
                    runner.log_buffer.update({'grad_norm': 1.0, 'scale': 2})
        """
        after = """
            class Extra(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    runner.message_hub.update_scalar('train/grad_norm', 1.0)
                    runner.message_hub.update_scalar('train/scale', 2)
        """
        self.assertCodemod(before, after)

    def test_log_buffer_update_with_count_gets_todo(self) -> None:
        before = """
            class Extra(Hook):
                def after_val_iter(self, runner):
                    runner.log_buffer.update(dict(acc=1), 4)
        """
        after = """
            class Extra(Hook):
                def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    # TODO(mmcompat): log_buffer.update(vars, count) -> runner.message_hub.update_scalar(key, value, count) per key
                    runner.log_buffer.update(dict(acc=1), 4)
        """
        self.assertCodemod(before, after)

    def test_optimizer_becomes_optim_wrapper_and_raw_attrs_go_through_optimizer(
        self,
    ) -> None:
        before = """
            class LrLog(Hook):
                def after_train_epoch(self, runner):
                    lr = runner.optimizer.param_groups[0]['lr']
                    runner.optimizer.zero_grad()
        """
        after = """
            class LrLog(Hook):
                def after_train_epoch(self, runner):
                    lr = runner.optim_wrapper.optimizer.param_groups[0]['lr']
                    runner.optim_wrapper.zero_grad()
        """
        self.assertCodemod(before, after)

    def test_data_loader_follows_the_phase(self) -> None:
        before = """
            class Count(Hook):
                def before_train_epoch(self, runner):
                    n = len(runner.data_loader)

                def before_val_epoch(self, runner):
                    n = len(runner.data_loader)
        """
        after = """
            class Count(Hook):
                def before_train_epoch(self, runner):
                    n = len(runner.train_dataloader)

                def before_val_epoch(self, runner):
                    n = len(runner.val_dataloader)
        """
        self.assertCodemod(before, after)

    def test_helper_signatures(self) -> None:
        before = """
            class Every(Hook):
                def after_train_iter(self, runner):
                    if self.every_n_inner_iters(runner, 10) or self.end_of_epoch(runner):
                        return self.is_last_epoch(runner) and self.is_last_iter(runner)
        """
        after = """
            class Every(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    if self.every_n_inner_iters(batch_idx, 10) or self.end_of_epoch(runner.train_dataloader, batch_idx):
                        return self.is_last_train_epoch(runner) and self.is_last_train_iter(runner)
        """
        self.assertCodemod(before, after)

    def test_super_call_follows_the_renamed_point(self) -> None:
        before = """
            class Child(LoggerHook):
                def after_iter(self, runner):
                    super().after_iter(runner)
        """
        after = """
            class Child(LoggerHook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    super().after_train_iter(runner, batch_idx, data_batch, outputs)

                after_val_iter = after_train_iter  # MMCV ran after_iter for train and val
        """
        self.assertCodemod(before, after)

    def test_subclass_of_hook_defined_in_file_is_a_hook(self) -> None:
        before = """
            class Base(Hook):
                pass

            class Derived(Base):
                def after_val_epoch(self, runner):
                    pass
        """
        after = """
            class Base(Hook):
                pass

            class Derived(Base):
                def after_val_epoch(self, runner, metrics=None):
                    pass
        """
        self.assertCodemod(before, after)

    def test_runner_mode_gets_todo(self) -> None:
        before = """
            class Mode(Hook):
                def after_epoch(self, runner):
                    if runner.mode == 'train':
                        pass
        """
        after = """
            class Mode(Hook):
                def after_train_epoch(self, runner, metrics=None):
                    # TODO(mmcompat): runner.mode is gone: the point itself says the phase (after_train_iter vs after_val_iter)
                    if runner.mode == 'train':
                        pass

                after_val_epoch = after_train_epoch  # MMCV ran after_epoch for train and val
        """
        self.assertCodemod(before, after)

    def test_shared_point_keeps_phase_neutral_attributes_with_one_todo(self) -> None:
        before = """
            class Seed(Hook):
                def before_epoch(self, runner):
                    if hasattr(runner.data_loader.sampler, 'set_epoch'):
                        runner.data_loader.sampler.set_epoch(runner.epoch)
                    elif runner.data_loader.batch_sampler is not None:
                        pass
        """
        after = """
            class Seed(Hook):
                def before_train_epoch(self, runner):
                    # TODO(mmcompat): runner.data_loader is gone: use runner.train_dataloader / runner.val_dataloader
                    if hasattr(runner.data_loader.sampler, 'set_epoch'):
                        runner.data_loader.sampler.set_epoch(runner.epoch)
                    elif runner.data_loader.batch_sampler is not None:
                        pass

                before_val_epoch = before_train_epoch  # MMCV ran before_epoch for train and val
        """
        self.assertCodemod(before, after)
        # a second run sees the alias: the method still serves both phases
        self.assertCodemod(after, after)

    def test_todo_for_an_elif_condition_goes_above_the_if(self) -> None:
        before = """
            class Mode(Hook):
                def after_train_epoch(self, runner):
                    if self.x:
                        pass
                    elif runner.mode == 'train':
                        pass
        """
        after = """
            class Mode(Hook):
                def after_train_epoch(self, runner):
                    # TODO(mmcompat): runner.mode is gone: the point itself says the phase (after_train_iter vs after_val_iter)
                    if self.x:
                        pass
                    elif runner.mode == 'train':
                        pass
        """
        self.assertCodemod(before, after)

    def test_non_hook_class_is_untouched(self) -> None:
        code = """
            class Model:
                def before_epoch(self, runner):
                    return runner.outputs
        """
        self.assertCodemod(code, code)

    def test_already_new_style_hook_is_untouched(self) -> None:
        code = """
            class New(Hook):
                def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
                    return outputs
        """
        self.assertCodemod(code, code)


class TestHooksUsedByName(CodemodTest):
    TRANSFORM = LegacyHooksCommand

    def test_removed_hook_type_in_code_gets_todo(self) -> None:
        before = """
            def setup(runner):
                runner.register_hook_from_cfg(dict(type='TextLoggerHook'))
        """
        after = """
            def setup(runner):
                # TODO(mmcompat): type='TextLoggerHook': use default_hooks=dict(logger=dict(type='LoggerHook', interval=...))
                # TODO(mmcompat): register_hook_from_cfg is gone: pass custom_hooks=[...] or runner.register_hook to the Runner instead
                runner.register_hook_from_cfg(dict(type='TextLoggerHook'))
        """
        self.assertCodemod(before, after)

    def test_module_level_config_dicts_are_left_to_convert(self) -> None:
        code = """
            log_config = dict(interval=10, hooks=[dict(type='TextLoggerHook')])
        """
        self.assertCodemod(code, code)

    def test_register_helper_gets_todo(self) -> None:
        before = """
            def setup(runner, cfg):
                runner.register_lr_hook(cfg.lr_config)
        """
        after = """
            def setup(runner, cfg):
                # TODO(mmcompat): register_lr_hook is gone: pass param_scheduler=[...] (Runner argument) to the Runner instead
                runner.register_lr_hook(cfg.lr_config)
        """
        self.assertCodemod(before, after)
