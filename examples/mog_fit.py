"""The paper's mixture of Gaussians (Section 5, Figure 2) trained with consensus optimization through Keras' fit.

    python examples/mog_fit.py [--steps 20000] [--method conopt] [--adam]

ConsensusGAN is a keras.Model: any Keras optimizer per player (TF1RMSprop is the paper's base; --adam uses Adam),
fit's callbacks, and a tf.train.Checkpoint of the whole game. Prints the modes covered by 10000 samples.
"""
import argparse

import keras
import tensorflow as tf

from consensus_optimization import ConsensusGAN, TF1RMSprop
from numerics_of_gans.mog import metrics as mog_metrics, model as mog

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--steps", type=int, default=20000)
parser.add_argument("--method", default="conopt", choices=("simga", "altga", "conopt", "smoothing"))
parser.add_argument("--adam", action="store_true", help="Adam(1e-4, beta_1=0.5) instead of TF1 RMSProp(1e-4)")
args = parser.parse_args()

setting = mog.MoGSetting()                            # 8 modes, std 0.01, 4 x 16 ReLU networks, z_dim 16, batch 512
real = tf.data.Dataset.range(args.steps).map(
    lambda i: mog.sample_target(setting, setting.batch_size, tf.stack([tf.constant(0, tf.int64), i])))

gan = ConsensusGAN(mog.build_generator(setting, seed=0), mog.build_discriminator(setting, seed=0), seed=0)
make = (lambda: keras.optimizers.Adam(1e-4, beta_1=0.5)) if args.adam else (lambda: TF1RMSprop(1e-4))
gan.compile(d_optimizer=make(), g_optimizer=make(), method=args.method, gamma=10.0, steps_per_execution=100)
history = gan.fit(real.prefetch(2), epochs=1, verbose=2, shuffle=False)

samples = gan.generator.predict(tf.random.normal([10000, setting.z_dim], seed=1), verbose=0)
found = mog_metrics.sample_metrics(samples, mog.target_means(setting), setting.std)
print(f"{args.method} after {args.steps} steps: {found['modes_covered']} of {setting.n_components} modes covered, "
      f"{found['hq_fraction']:.0%} of samples within 3 std of a mode; losses {history.history}")
