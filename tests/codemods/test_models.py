"""Before/after pairs for ``codemods.models`` (LegacyModelsCommand)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.models import LegacyModelsCommand


class TestCommonTrainStep(CodemodTest):
    TRANSFORM = LegacyModelsCommand

    def test_mmdet_shape_calls_update_params_and_returns_log_vars(self) -> None:
        before = """
            class Detector(BaseModule):
                def train_step(self, data, optimizer):
                    losses = self(**data)
                    loss, log_vars = self._parse_losses(losses)

                    outputs = dict(
                        loss=loss, log_vars=log_vars, num_samples=len(data['img_metas']))

                    return outputs
        """
        after = """
            class Detector(BaseModule):
                def train_step(self, data, optim_wrapper):
                    losses = self(**data)
                    loss, log_vars = self.parse_losses(losses)

                    optim_wrapper.update_params(loss)
                    return log_vars
        """
        self.assertCodemod(before, after)

    def test_returned_dict_literal(self) -> None:
        before = """
            class Net(nn.Module):
                def train_step(self, data, optimizer=None):
                    loss, log_vars = self.compute(data)
                    return dict(loss=loss, log_vars=log_vars, num_samples=4)
        """
        after = """
            class Net(nn.Module):
                def train_step(self, data, optim_wrapper):
                    loss, log_vars = self.compute(data)
                    optim_wrapper.update_params(loss)
                    return log_vars
        """
        self.assertCodemod(before, after)

    def test_returned_forward_result_uses_mmcv_output_contract(self) -> None:
        before = """
            class Toy(nn.Module):
                def train_step(self, data, optimizer=None):
                    return self(*data, return_loss=True)
        """
        after = """
            class Toy(nn.Module):
                def train_step(self, data, optim_wrapper):
                    outputs = self(*data, return_loss=True)
                    optim_wrapper.update_params(outputs['loss'])
                    return outputs['log_vars']
        """
        self.assertCodemod(before, after)

    def test_val_step_loses_optimizer_argument(self) -> None:
        before = """
            class Net(nn.Module):
                def val_step(self, data, optimizer=None):
                    return self(**data)
        """
        after = """
            class Net(nn.Module):
                def val_step(self, data):
                    # MMEngine's ValLoop takes a list of outputs (MMCV's: one dict)
                    return [self(**data)]
        """
        self.assertCodemod(before, after)

    def test_val_step_returns_its_dict_in_a_list_for_the_val_loop(self) -> None:
        # before: the dict came back as is, and MMEngine's ValLoop failed on
        # outputs[-1]; every return of the val_step itself is wrapped, not
        # those of nested functions
        before = """
            class Net(nn.Module):
                def val_step(self, data, optimizer=None):
                    def helper():
                        return 1
                    losses = self(**data)
                    if not losses:
                        return dict(loss=0, log_vars={}, num_samples=0)
                    loss, log_vars = self._parse_losses(losses)
                    return dict(loss=loss, log_vars=log_vars, num_samples=len(data))
        """
        after = """
            class Net(nn.Module):
                def val_step(self, data):
                    def helper():
                        return 1
                    losses = self(**data)
                    if not losses:
                        # MMEngine's ValLoop takes a list of outputs (MMCV's: one dict)
                        return [dict(loss=0, log_vars={}, num_samples=0)]
                    loss, log_vars = self.parse_losses(losses)
                    # MMEngine's ValLoop takes a list of outputs (MMCV's: one dict)
                    return [dict(loss=loss, log_vars=log_vars, num_samples=len(data))]
        """
        self.assertCodemod(before, after)

    def test_rewritten_val_step_is_left_alone_on_a_second_run(self) -> None:
        code = """
            class Net(nn.Module):
                def val_step(self, data):
                    return dict(loss=1)
        """
        self.assertCodemod(code, code)

    def test_test_step_keeps_its_returns(self) -> None:
        # MMCV never called test_step: no contract on what it returned
        before = """
            class Net(nn.Module):
                def test_step(self, data, optimizer=None):
                    return self(**data)
        """
        after = """
            class Net(nn.Module):
                def test_step(self, data):
                    return self(**data)
        """
        self.assertCodemod(before, after)

    def test_parse_losses_definition_and_calls_renamed(self) -> None:
        before = """
            class Net(nn.Module):
                def _parse_losses(self, losses):
                    return sum(losses.values()), {}

                def other(self, x):
                    return super()._parse_losses(x)
        """
        after = """
            class Net(nn.Module):
                def parse_losses(self, losses):
                    return sum(losses.values()), {}

                def other(self, x):
                    return super().parse_losses(x)
        """
        self.assertCodemod(before, after)

    def test_new_style_train_step_is_untouched(self) -> None:
        code = """
            class Net(BaseModel):
                def train_step(self, data, optim_wrapper):
                    return super().train_step(data, optim_wrapper)
        """
        self.assertCodemod(code, code)


class TestGanTrainStep(CodemodTest):
    TRANSFORM = LegacyModelsCommand

    def test_zero_grad_backward_step_becomes_update_params(self) -> None:
        before = """
            class GAN(nn.Module):
                def train_step(self, data_batch, optimizer, ddp_reducer=None):
                    optimizer['discriminator'].zero_grad()
                    loss_d, log_d = self.disc_loss(data_batch)
                    loss_d.backward()
                    optimizer['discriminator'].step()

                    optimizer['generator'].zero_grad()
                    loss_g, log_g = self.gen_loss(data_batch)
                    loss_g.backward()
                    optimizer['generator'].step()
                    log_d.update(log_g)
                    return dict(log_vars=log_d, num_samples=len(data_batch))
        """
        after = """
            class GAN(nn.Module):
                def train_step(self, data_batch, optim_wrapper, ddp_reducer=None):
                    optim_wrapper['discriminator'].zero_grad()
                    loss_d, log_d = self.disc_loss(data_batch)
                    optim_wrapper['discriminator'].update_params(loss_d)

                    optim_wrapper['generator'].zero_grad()
                    loss_g, log_g = self.gen_loss(data_batch)
                    optim_wrapper['generator'].update_params(loss_g)
                    log_d.update(log_g)
                    return log_d
        """
        self.assertCodemod(before, after)

    def test_backward_with_arguments_keeps_separate_step(self) -> None:
        before = """
            class GAN(nn.Module):
                def train_step(self, data, optimizer):
                    loss = self.loss(data)
                    loss.backward(retain_graph=True)
                    optimizer['gen'].step()
                    return dict(log_vars={})
        """
        after = """
            class GAN(nn.Module):
                def train_step(self, data, optim_wrapper):
                    loss = self.loss(data)
                    optim_wrapper['gen'].backward(loss, retain_graph=True)
                    optim_wrapper['gen'].step()
                    return {}
        """
        self.assertCodemod(before, after)

    def test_unrecognised_backward_and_extra_outputs_get_todos(self) -> None:
        before = """
            class GAN(nn.Module):
                def train_step(self, data, optimizer):
                    optimizer.zero_grad()
                    loss = self.loss(data)
                    loss.backward()
                    self.clip()
                    optimizer.step()
                    return dict(log_vars={}, results=data)
        """
        after = """
            class GAN(nn.Module):
                def train_step(self, data, optim_wrapper):
                    optim_wrapper.zero_grad()
                    loss = self.loss(data)
                    # TODO(mmcompat): call optim_wrapper[...].backward(loss) or update_params(loss) so AMP/accumulation apply
                    loss.backward()
                    self.clip()
                    optim_wrapper.step()
                    # TODO(mmcompat): train_step now returns only log_vars; ['results'] dropped
                    return {}
        """
        self.assertCodemod(before, after)
