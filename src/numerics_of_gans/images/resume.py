"""How an image run (Figures 4-14) resumes: a killed run started again with the same settings, or the next job of
a run cut into a cluster's time slices (images.slices), goes on from its last checkpoint and ends as an
uninterrupted run would.

checkpoints/ holds a tf.train.CheckpointManager's checkpoints of the models, the optimizer's slots, the step, the
data iterator and, where the checkpoint has them, train_time_s and the statistics of the open evaluation interval;
a checkpoint of the optimizer before the Keras optimizers (2026-11-30) is refused with the way out. The lines of
metrics.jsonl written after the checkpoint are dropped.
"""
from __future__ import annotations

import json
from pathlib import Path

import tensorflow as tf

from numerics_of_gans.errors import Unavailable


def checkpoints(out: Path, keep: int, objects: dict, optional: dict, log) -> tf.train.CheckpointManager:
    """The run's checkpoint manager (out/checkpoints, the last `keep` kept) of `objects` and `optional`, restored
    from its latest checkpoint if it has one (`restore`)."""
    ckpt = tf.train.Checkpoint(**objects, **optional)
    manager = tf.train.CheckpointManager(ckpt, out / "checkpoints", max_to_keep=keep)
    if manager.latest_checkpoint:
        restore(objects, optional, manager.latest_checkpoint, log)
        log(f"resumed from {manager.latest_checkpoint} at step {int(objects['step'])}")
    return manager


def restore(objects: dict, optional: dict, path: str, log) -> None:
    """Restore `objects` and those of `optional` that the checkpoint holds: one from before train_time_s existed
    resumes with the training time counted from 0; one taken at an evaluation holds no open interval."""
    variables = [name for name, _ in tf.train.list_variables(path)]
    if any(name.startswith("optimizer/mean_squares/") for name in variables):
        raise Unavailable(f"{path} holds the optimizer slots of a version before the Keras optimizers (2026-11-30), "
                          f"which this version cannot restore: delete {Path(path).parent.parent} to train the run "
                          "again from step 0, or finish it with that version")
    names = {name.split("/")[0] for name in variables}
    if "train_time_s" not in names:
        log(f"{path} has no train_time_s: the training time restarts at 0 here")
    objects = {**objects, **{k: v for k, v in optional.items() if k in names}}
    tf.train.Checkpoint(**objects).restore(path).assert_existing_objects_matched()


def save_at(manager: tf.train.CheckpointManager, step: int) -> None:
    """A checkpoint at `step` for the next job, unless the evaluation at this step has just saved it."""
    if not (manager.latest_checkpoint or "").endswith(f"-{step}"):
        manager.save(checkpoint_number=step)


def truncate_metrics(path: Path, step: int) -> dict | None:
    """Drop metrics lines written after the checkpoint a resumed run restarts from; the last line kept (what
    final.json reports if the run resumes at its last step: killed after its last checkpoint, before final.json)."""
    if not path.exists():
        return None
    lines = [ln for ln in path.read_text().splitlines() if ln.strip() and json.loads(ln)["step"] <= step]
    path.write_text("".join(ln + "\n" for ln in lines))
    return json.loads(lines[-1]) if lines else None
