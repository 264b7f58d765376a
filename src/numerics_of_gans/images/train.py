"""Training of the image GANs (Figures 4-14) with SimGA / AltGA / ConOpt / smoothing from `optimizers`.

    final = train(TrainSettings(dataset="digits", arch="dcgan3_nobn", method="conopt", gamma=10, steps=1000,
                                out="results/cpu/images/run"))

Writes into `out/`:
- metrics.jsonl: one JSON line per evaluation: step, D and G loss aggregated (mean, min, max) over the steps since
  the last evaluation, steps/s, and the score (named "inception score" or "classifier score") when a classifier
  is given; TensorBoard events in tensorboard/ (the per-step losses and the same aggregates);
- samples/step_XXXXXXX.png: an 8x8 grid from one fixed latent batch at every evaluation;
- checkpoints/: tf.train.CheckpointManager (models, optimizer slots, step, the data iterator); a killed run
  started again with the same settings resumes at its last evaluation and ends as an uninterrupted one would;
- final.json, written last and atomically: status "completed" or "diverged" (a loss or a weight became NaN/Inf:
  step and cause), the settings, the last metrics and provenance().

Batch norm (dcgan3, dcgan4): the models are called with training=True inside the loss, so Keras' BatchNormalization
updates its moving mean/variance in place on every call (batch statistics in the forward pass, as the original
code's `updates_collections=None`); those non-trainable variables are not touched by the optimizer, are saved in
the checkpoint, and are what the generator uses at sampling time (training=False).
"""
from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from numerics_of_gans import objectives
from numerics_of_gans.images import data, models
from numerics_of_gans.io import provenance, write_json
from numerics_of_gans.optimizers import make_optimizer


@dataclass(frozen=True)
class TrainSettings:
    out: str
    dataset: str = "cifar10"          # data.DATASETS
    stands_in_for: str | None = None  # the paper dataset the digits stand-in replaces (labels only)
    arch: str = "dcgan3_nobn"         # models.ARCHITECTURES
    objective: str = "standard"       # objectives.OBJECTIVES
    method: str = "conopt"            # optimizers.METHODS
    gamma: float = 10.0
    lr: float = 1e-4
    steps: int = 150000
    seed: int = 0
    batch_size: int = 64
    z_dim: int = 256
    width: int = 64                   # f = gf_dim = df_dim
    eval_every: int = 1000
    eval_samples: int = 6400          # the paper's 6400 samples in 10 splits
    eval_splits: int = 10
    classifier: str | None = None     # None, "inception", a TF-Hub URL or module directory, or a stand-in .keras
    mock: bool = False                # tfds.testing.mock_data (smoke scale)
    mock_examples: int = 256
    data_dir: str | None = None
    manual_dir: str | None = None
    shuffle_buffer: int = 10000
    jit_compile: bool = False
    keep_checkpoints: int = 2


def _grid_png(images: np.ndarray, path: Path) -> None:
    """Save [N, H, W, C] images in [-1, 1] as one square grid PNG (atomically)."""
    from PIL import Image

    from numerics_of_gans.io import atomic_path
    n = int(math.ceil(math.sqrt(len(images))))
    h, w, c = images.shape[1:]
    grid = np.ones((n * h, n * w, c), np.float32)
    for i, img in enumerate(images):
        grid[(i // n) * h:(i // n + 1) * h, (i % n) * w:(i % n + 1) * w] = img
    pixels = np.clip(np.round((grid + 1.0) * 127.5), 0, 255).astype(np.uint8)
    with atomic_path(path) as tmp:
        Image.fromarray(pixels[..., 0] if c == 1 else pixels).save(tmp, format="PNG")


def _load_classifier(spec: str | None, dataset: str):
    from numerics_of_gans.images import metrics
    if spec is None:
        return None
    if spec == "inception":
        return metrics.load_inception()
    if spec.endswith(".keras"):
        return metrics.stand_in_classifier(spec, data.LABELS[dataset])   # the data it was trained on
    return metrics.load_inception(spec)


def _real_features(classifier, examples: tf.data.Dataset, n: int) -> np.ndarray:
    """The classifier's features of the first n training images (all of them if fewer): the reference side of the
    FID (Frechet classifier distance for a stand-in classifier) reported at every evaluation next to the score."""
    images = np.concatenate([data.to_float(b).numpy() for b in examples.take(n).batch(256)])
    return classifier.activations(images)[1]


def _scalar(tag: str, value: float) -> None:
    tf.summary.scalar(tag, float(value))


class _Interval:
    """Per-step losses since the last evaluation, aggregated into mean / std / min / max (std: Figure 5's "losses
    fluctuate" is judged on it)."""

    def __init__(self):
        self.values: dict[str, list[float]] = {}

    def add(self, scalars: dict[str, float]) -> None:
        for k, v in scalars.items():
            self.values.setdefault(k, []).append(v)

    def summary(self) -> dict:
        out = {}
        for k, vals in self.values.items():
            out[k] = {"mean": float(np.mean(vals)), "std": float(np.std(vals)), "min": float(np.min(vals)),
                      "max": float(np.max(vals))}
        self.values = {}
        return out


def _truncate_metrics(path: Path, step: int) -> None:
    """Drop metrics lines written after the checkpoint a resumed run restarts from."""
    if path.exists():
        lines = [ln for ln in path.read_text().splitlines() if ln.strip() and json.loads(ln)["step"] <= step]
        path.write_text("".join(ln + "\n" for ln in lines))


def train(s: TrainSettings, stop_after: int | None = None, log=None) -> dict:
    """Train (or resume) one run; returns the final.json dict. `stop_after` ends this process after that many
    steps without writing final.json (a time slice; also how the tests simulate a killed run)."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    out = Path(s.out)
    out.mkdir(parents=True, exist_ok=True)
    tf.keras.utils.set_random_seed(s.seed)
    h, w, c = data.SHAPES[s.dataset]
    generator, discriminator = models.build_pair(s.arch, s.width, h, c, s.z_dim, seed=s.seed)
    examples = data.source(s.dataset, s.data_dir, mock=s.mock, mock_examples=s.mock_examples,
                           manual_dir=s.manual_dir, seed=s.seed)
    iterator = iter(data.batches(examples, s.batch_size, seed=s.seed, shuffle_buffer=s.shuffle_buffer))
    opt = make_optimizer(s.method, learning_rate=s.lr, gamma=s.gamma, jit_compile=s.jit_compile)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    opt.build(d_vars, g_vars)
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    real = tf.Variable(tf.zeros([s.batch_size, h, w, c]), trainable=False)
    z = tf.Variable(tf.zeros([s.batch_size, s.z_dim]), trainable=False)

    def loss_fn():
        fake = generator(z, training=True)
        return objectives.losses(s.objective, discriminator(real, training=True),
                                 discriminator(fake, training=True))

    all_vars = generator.weights + discriminator.weights

    @tf.function
    def train_step(batch):
        real.assign(batch)
        # a fresh latent batch per step, a function of (seed, step) only: identical after a resume
        z.assign(tf.random.stateless_normal([s.batch_size, s.z_dim], seed=tf.stack([step, s.seed + 1])))
        scalars = opt.step(loss_fn, d_vars, g_vars)
        step.assign_add(1)
        finite = tf.reduce_all([tf.reduce_all(tf.math.is_finite(v)) for v in all_vars])
        return scalars, finite

    ckpt = tf.train.Checkpoint(generator=generator, discriminator=discriminator, optimizer=opt, step=step,
                               data=iterator)
    manager = tf.train.CheckpointManager(ckpt, out / "checkpoints", max_to_keep=s.keep_checkpoints)
    metrics_path = out / "metrics.jsonl"
    if manager.latest_checkpoint:
        ckpt.restore(manager.latest_checkpoint).assert_existing_objects_matched()
        log(f"resumed from {manager.latest_checkpoint} at step {int(step)}")
    _truncate_metrics(metrics_path, int(step))

    classifier = _load_classifier(s.classifier, s.dataset)
    real_features = None if classifier is None else _real_features(classifier, examples, s.eval_samples)
    fixed_z = tf.random.stateless_normal([64, s.z_dim], seed=[s.seed, 104729])
    writer = tf.summary.create_file_writer(str(out / "tensorboard"))
    interval, start, start_step = _Interval(), time.perf_counter(), int(step)
    last_print, last_eval, status, cause, last_line = start, start, "completed", None, None

    def evaluate(now_step: int, t_now: float) -> dict:
        nonlocal last_eval
        line = {"step": now_step, **interval.summary(),
                "steps_per_s": (now_step - max(start_step, now_step - s.eval_every)) / max(t_now - last_eval, 1e-9)}
        _grid_png(generator(fixed_z, training=False).numpy(), out / "samples" / f"step_{now_step:07d}.png")
        if classifier is not None:
            from numerics_of_gans.images import metrics
            line.update(metrics.evaluate(generator, classifier, s.z_dim, s.eval_samples, s.eval_splits,
                                         min(s.batch_size, s.eval_samples), seed=s.seed,
                                         real_features=real_features))
        with writer.as_default(step=now_step):
            for k, v in line.items():
                if isinstance(v, dict):
                    for agg, x in v.items():
                        _scalar(f"{k}/{agg}", x)
                elif isinstance(v, float) and k != "steps_per_s":
                    _scalar(k, v)
        with metrics_path.open("a") as fh:
            fh.write(json.dumps(line) + "\n")
        last_eval = time.perf_counter()
        return line

    done_here = 0
    while int(step) < s.steps:
        if stop_after is not None and done_here >= stop_after:
            log(f"stopping after {done_here} steps of this process (step {int(step)}); run again to resume")
            return {"status": "interrupted", "step": int(step)}
        scalars, finite = train_step(next(iterator))
        done_here += 1
        now = int(step)
        values = {k: float(v) for k, v in scalars.items()}
        bad = [k for k, v in values.items() if not math.isfinite(v)]
        if bad or not bool(finite):
            status = "diverged"
            cause = (f"non-finite {', '.join(bad)} at step {now}" if bad
                     else f"non-finite weights after step {now}")
            log(f"diverged: {cause}")
            break
        interval.add(values)
        with writer.as_default(step=now):
            for k, v in values.items():
                _scalar(f"step/{k}", v)
        t = time.perf_counter()
        if now % s.eval_every == 0 or now == s.steps:
            last_line = evaluate(now, t)
            manager.save(checkpoint_number=now)
        if t - last_print > 10.0 or now == s.steps:
            rate = (now - start_step) / max(t - start, 1e-9)
            eta = (s.steps - now) / max(rate, 1e-9)
            log(f"step {now}/{s.steps}  {rate:.2f} steps/s  ETA {eta / 60:.1f} min  "
                f"d_loss {values['d_loss']:.4f}  g_loss {values['g_loss']:.4f}")
            last_print = t
    writer.flush()
    final = {
        "status": status, "step": int(step), "cause": cause, "settings": asdict(s),
        "dataset_label": data.label(s.dataset, s.stands_in_for) + (" (tfds mock data)" if s.mock else ""),
        "score_name": None if classifier is None else classifier.score_name,
        "last_metrics": last_line, "elapsed_s": time.perf_counter() - start, "provenance": provenance(),
    }
    write_json(out / "final.json", final)
    return final
