"""The library stands apart from the reproduction: consensus_optimization needs TensorFlow and NumPy only. In a
fresh interpreter where the reproduction's packages cannot be imported (as after `pip install --no-deps .` without
the extras), the library imports, its public names resolve and one ConOpt step runs; none of those packages is in
sys.modules afterwards. (Keras imports scikit-learn and matplotlib itself where they are installed, so they are
blocked here rather than looked for.)"""
import subprocess
import sys

import consensus_optimization

REPRODUCTION_ONLY = ("yaml", "jsonschema", "matplotlib", "sklearn", "scipy", "tensorflow_datasets", "tensorflow_gan",
                     "tensorflow_hub", "snakemake", "numerics_of_gans", "paper_checks")

SCRIPT = f"""
import importlib.abc, sys
BLOCKED = {REPRODUCTION_ONLY!r}

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked: not a dependency of the library)")
        return None

sys.meta_path.insert(0, NotInstalled())
import keras
import tensorflow as tf
import consensus_optimization
from consensus_optimization import *   # every name of __all__ resolves
assert sorted(dir(consensus_optimization)) == sorted(consensus_optimization.__all__)

x, y = tf.Variable([1.0]), tf.Variable([0.5])   # the bilinear game x * y: D maximises xy, G minimises it
opt = consensus_optimization.make_optimizer("conopt", learning_rate=0.1, gamma=1.0)
out = opt.step(lambda: (-x * y, x * y), [y], [x])
assert set(out) >= {{"d_loss", "g_loss", "consensus_loss"}}, out
loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
assert not loaded, loaded
print("ok", float(x[0]), float(y[0]))
"""


def test_the_library_runs_a_conopt_step_without_the_reproductions_packages():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("ok ")


def test_the_public_surface_is_explicit():
    assert set(consensus_optimization.__all__) >= {"consensus_gradients", "ConsensusGAN", "TF1RMSprop", "Game",
                                                   "GameOptimizer", "InvalidSetting"}
    from numerics_of_gans import ConsensusGAN, TF1RMSprop, consensus_gradients   # earlier users' import
    assert (ConsensusGAN, TF1RMSprop, consensus_gradients) == (consensus_optimization.ConsensusGAN,
                                                              consensus_optimization.TF1RMSprop,
                                                              consensus_optimization.consensus_gradients)


# The layers (the package docstring): a module imports only the library modules of the layers below it.
LAYER = {"names": 0, "errors": 0, "compiled_step": 0, "games": 1, "objectives": 1, "keras_optimizers": 1,
         "regularizers": 1,
         "consensus": 2, "game_directions": 2, "extrapolation": 2, "optimizers": 3, "model": 4}


def test_the_library_layers_import_in_one_direction():
    import ast
    from pathlib import Path
    root = Path(consensus_optimization.__file__).parent
    assert {p.stem for p in root.glob("*.py")} - {"__init__"} == set(LAYER)
    for module, layer in LAYER.items():
        tree = ast.parse((root / f"{module}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("consensus_optimization"):
                names = [node.module.split(".")[1]] if "." in node.module else [a.name for a in node.names]
                for used in names:
                    assert LAYER[used] < layer, f"{module} (layer {layer}) imports {used} (layer {LAYER[used]})"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(("numerics_of_gans", "paper_checks")) for a in node.names), module
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("numerics_of_gans", "paper_checks")), module
