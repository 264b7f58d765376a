"""TF-GAN's `eval` and `losses` sub-packages on TensorFlow >= 2.16.

tensorflow-gan 2.1.0 (its last release) does not import on TensorFlow >= 2.16: the package's top `__init__`
imports `tensorflow_gan.python.estimator`, which needs the removed `tf.estimator`. Its `eval` (inception score,
Frechet distance) and `losses` sub-packages do not need it. This module registers *bare* parent package modules
(`tensorflow_gan` and `tensorflow_gan.python`, empty modules whose `__path__` points at the installed folders)
in `sys.modules`, so `import tensorflow_gan.python.eval` runs only the sub-package's own `__init__`.

    from numerics_of_gans.images.tfgan import tfgan_eval, tfgan_losses
    tfgan_eval.classifier_score_from_logits(logits)
    tfgan_losses.wargs.modified_generator_loss(d_fake_logits)

If the real `tensorflow_gan` package was imported already (it works on old TensorFlow), that one is used.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path

_PARENTS = ("tensorflow_gan", "tensorflow_gan.python")


def _install_bare_parents() -> None:
    """Put empty package modules for tensorflow_gan and tensorflow_gan.python into sys.modules (if absent)."""
    if "tensorflow_gan" in sys.modules:
        return
    spec = importlib.util.find_spec("tensorflow_gan")   # locates the folder without executing its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("tensorflow-gan is not installed; pip install tensorflow-gan==2.1.0 (see requirements.txt)")
    root = Path(list(spec.submodule_search_locations)[0])
    for name, folder in zip(_PARENTS, (root, root / "python")):
        module = types.ModuleType(name, doc=f"bare parent package registered by {__name__} (no __init__ run)")
        module.__path__ = [str(folder)]
        module.__package__ = name
        module.__file__ = str(folder / "__init__.py")
        sys.modules[name] = module
    sys.modules["tensorflow_gan"].python = sys.modules["tensorflow_gan.python"]


def load() -> tuple[types.ModuleType, types.ModuleType]:
    """(tensorflow_gan.python.eval, tensorflow_gan.python.losses), imported without the package's top __init__."""
    _install_bare_parents()
    return (importlib.import_module("tensorflow_gan.python.eval"),
            importlib.import_module("tensorflow_gan.python.losses"))


tfgan_eval, tfgan_losses = load()
