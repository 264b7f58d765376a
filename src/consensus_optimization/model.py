"""`ConsensusGAN`: a `keras.Model` that trains a generator and a discriminator with SimGA, AltGA, consensus
optimization (Algorithm 2) or smoothing, in the style of the keras-io DCGAN example:

    gan = ConsensusGAN(generator, discriminator, seed=0)
    gan.compile(d_optimizer=TF1RMSprop(1e-4), g_optimizer=TF1RMSprop(1e-4), method="conopt", gamma=10.0)
    gan.fit(dataset_of_real_batches, epochs=..., callbacks=[keras.callbacks.TensorBoard(...)])

Each `train_step` draws z ~ N(0, I) of the generator's input size, stateless from (seed, step) with the step counted
by the optimizers (so a `tf.train.Checkpoint(gan=gan)` restores the noise stream with the weights and both
optimizers' slots, and a resumed fit continues bit for bit), and runs one
`GameOptimizer` step (optimizers.py) of the chosen method (any of names.GAME_METHODS, optionally with lookahead):
the same code as the paper's workflow. Metrics: the
players' losses before the update and, for conopt and smoothing, the consensus loss 1/2 ||v||^2 (Section 4.1), each
the mean over the epoch.
"""
from __future__ import annotations

import keras
import tensorflow as tf

from consensus_optimization import objectives
from consensus_optimization.errors import InvalidSetting
from consensus_optimization.names import CONSENSUS
from consensus_optimization.optimizers import GameOptimizer


class ConsensusGAN(keras.Model):
    """A generator (z [B, latent_dim] -> x) and a discriminator (x -> logits [B] or [B, 1]) trained as a game."""

    def __init__(self, generator: keras.Model, discriminator: keras.Model, latent_dim: int | None = None,
                 seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.generator, self.discriminator = generator, discriminator
        self.latent_dim = int(latent_dim or generator.inputs[0].shape[-1])
        self.seed = tf.constant(int(seed), tf.int64)

    def compile(self, d_optimizer: keras.optimizers.Optimizer, g_optimizer: keras.optimizers.Optimizer,
                method: str = "conopt", gamma: float = 10.0, objective: str = "standard",
                lookahead: tuple[int, float] | None = None, **kwargs):
        """`method` one of names.GAME_METHODS (the paper's and the later ones), `objective` one of
        objectives.OBJECTIVES, `lookahead` (k, alpha) for lookahead-minmax over the method or None; other keyword
        arguments go to keras.Model.compile (e.g. jit_compile, steps_per_execution)."""
        if objective not in objectives.OBJECTIVES:
            raise InvalidSetting(f"objective: unknown {objective!r}; allowed: {', '.join(objectives.OBJECTIVES)}")
        super().compile(**kwargs)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.game = GameOptimizer(method, gamma, d_optimizer, g_optimizer, lookahead=lookahead)
        self.objective = objective
        names = ("d_loss", "g_loss") + (("consensus_loss",) if method in CONSENSUS else ())
        self.trackers = [keras.metrics.Mean(name=name) for name in names]

    @property
    def metrics(self):
        # listed here so that fit resets them at each epoch
        return getattr(self, "trackers", [])

    def build(self, input_shape=None):
        # fit builds the model from the first batch; the players are built already, their optimizers here
        self.game.build(self.discriminator.trainable_variables, self.generator.trainable_variables)
        self.built = True

    def train_step(self, data):
        real = data[0] if isinstance(data, (tuple, list)) else data
        step = tf.cast(self.game.iterations.value, tf.int64)     # the keras.Variable's backing tf.Variable
        z = tf.random.stateless_normal([tf.shape(real)[0], self.latent_dim], seed=tf.stack([self.seed, step]),
                                       dtype=tf.as_dtype(self.generator.compute_dtype))

        def loss_fn():
            fake = self.generator(z, training=True)
            return objectives.losses(self.objective, self.discriminator(real, training=True),
                                     self.discriminator(fake, training=True))

        scalars = self.game.step(loss_fn, self.discriminator.trainable_variables, self.generator.trainable_variables)
        for tracker in self.trackers:
            tracker.update_state(scalars[tracker.name])
        return {tracker.name: tracker.result() for tracker in self.trackers}

    def call(self, z, training=False):
        """Generated samples of the latent codes z."""
        return self.generator(z, training=training)
