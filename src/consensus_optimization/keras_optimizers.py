"""The paper's base optimizer and heavy-ball momentum of either sign as Keras optimizers, so that they are two
optimizers among Keras' own (Adam, RMSprop, SGD, schedules, LossScaleOptimizer) for any method's directions.

- `TF1RMSprop`: TensorFlow 1's `RMSPropOptimizer`, which the authors ran (docs/setup.md): the mean square starts at ONE
  and epsilon sits inside the root, ms <- rho ms + (1 - rho) g^2, delta = lr g / sqrt(ms + eps); with momentum,
  mom <- momentum mom + delta, x <- x - mom (TF1's momentum, the heavy ball on the RMSProp step). Keras' RMSprop
  starts ms at zero and puts epsilon outside the root: its first steps are about 1/sqrt(1 - rho) = 3.2 times
  larger.
- `HeavyBallSGD`: x_{t+1} = x_t - lr g_t + beta (x_t - x_{t-1}) for beta in (-1, 1), negative momentum included
  (Gidel et al., AISTATS 2019; the slides' NM figures); Keras' SGD accepts only beta in [0, 1].
"""
from __future__ import annotations

import keras
from keras import ops

from consensus_optimization.errors import check_number


# (registered under the name it was saved with before the library had a package of its own)
@keras.saving.register_keras_serializable(package="numerics_of_gans")
class HeavyBallSGD(keras.optimizers.Optimizer):
    """SGD with heavy-ball momentum of either sign: buf <- beta buf + delta, x <- x - buf, with the step
    delta = lr g (beta = 0: plain SGD). Subclasses change the step (`_delta`), the momentum stays this one."""

    def __init__(self, learning_rate=1e-2, momentum: float = 0.0, name: str = "heavy_ball_sgd", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.momentum = check_number("momentum", momentum, low=-1.0, low_open=True, high=1.0, high_open=True)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list] \
            if self.momentum != 0.0 else []

    def _delta(self, gradient, lr, i):
        return lr * gradient

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        delta = self._delta(ops.cast(gradient, variable.dtype), ops.cast(learning_rate, variable.dtype), i)
        if self._momentums:
            buf = self._momentums[i]
            self.assign(buf, self.momentum * buf + delta)
            delta = buf
        self.assign_sub(variable, delta)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum}


@keras.saving.register_keras_serializable(package="numerics_of_gans")
class TF1RMSprop(HeavyBallSGD):
    """TensorFlow 1's RMSProp (accumulator starting at one, epsilon inside the root), with TF1's momentum: the heavy
    ball on the RMSProp step."""

    def __init__(self, learning_rate=1e-4, rho: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-10,
                 name: str = "tf1_rmsprop", **kwargs):
        super().__init__(learning_rate=learning_rate, momentum=momentum, name=name, **kwargs)
        self.rho = check_number("rho", rho, low=0.0, high=1.0, high_open=True)
        self.epsilon = check_number("epsilon", epsilon, low=0.0, low_open=True)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._mean_squares = [self.add_variable_from_reference(v, "ms", initializer="ones") for v in var_list]

    def _delta(self, gradient, lr, i):
        ms = self._mean_squares[i]
        self.assign(ms, self.rho * ms + (1.0 - self.rho) * ops.square(gradient))
        return lr * gradient / ops.sqrt(ms + self.epsilon)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
