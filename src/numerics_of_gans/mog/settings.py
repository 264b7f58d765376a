"""The mixture-of-Gaussians experiment's settings (paper, Section 5; docs/setup.md), each defined once: the data and
networks (MoGSetting) and one training run (RunSettings, whose fields give `mog-train`'s options and the workflow's
command lines through numerics_of_gans.options). No TensorFlow here: the CLI validates before importing it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from numerics_of_gans import options
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.names import METHODS

QUALITY_K = 3.0      # default k of "within k std of the nearest mode" (mog.metrics)


@dataclass(frozen=True)
class MoGSetting:
    """The paper's mixture-of-Gaussians experiment; every default is the paper's (or its code's) value."""
    n_components: int = 8         # modes on the circle
    radius: float = 1.0           # unit circle
    std: float = 0.01             # std of each component (isotropic)
    z_dim: int = 16               # latent dimension (standard Gaussian)
    g_layers: int = 4             # hidden layers of the generator
    g_units: int = 16             # units per hidden layer of the generator
    d_layers: int = 4             # hidden layers of the discriminator
    d_units: int = 16             # units per hidden layer of the discriminator
    batch_size: int = 512         # original code
    objective: str = "standard"   # objectives.OBJECTIVES; the paper's MoG experiment used "standard"
    kde_box: float = 1.6          # density plots on [-kde_box, kde_box]^2


@dataclass(frozen=True)
class RunSettings:
    """One training run; the defaults are the paper's setting. Each field defined once (numerics_of_gans.options):
    `mog-train`'s options and the workflow's command lines are derived from it."""
    method: str = options.setting("conopt", choices=METHODS, required=True)
    seed: int = options.setting(0, low=0)
    steps: int = options.setting(20000, low=1)
    snapshots: tuple[int, ...] = options.setting((0, 5000, 10000, 20000), low=0,
                                                 help="steps whose samples Figure 2 draws")
    learning_rate: float = options.setting(1e-4, low=0.0, low_open=True, help="RMSProp learning rate")
    gamma: float = options.setting(10.0, low=0.0, help="consensus weight (conopt, smoothing)")
    batch_size: int = options.setting(512, low=1)
    eval_every: int = options.setting(500, low=1, help="metrics every this many steps (the extra figure); snapshots "
                                                       "are added")
    eval_samples: int = options.setting(2000, low=2, help="generator samples per evaluation (and per density panel)")
    quality_k: float = options.setting(QUALITY_K, low=0.0, low_open=True,
                                       help="high quality = within k std of the nearest mode")
    setting: MoGSetting = field(default_factory=MoGSetting)

    def __post_init__(self):
        options.validate(self)
        bad = [s for s in self.snapshots if not 0 <= s <= self.steps]
        if bad:
            raise SettingsError(f"snapshots: {bad} outside the allowed range [0, steps={self.steps}]")

    @classmethod
    def of_config(cls, mog: dict) -> dict:
        """The mog-train settings config `mog` holds (method and seed: the workflow's jobs give them)."""
        return {f.name: mog[f.name] for f in options.cli_fields(cls) if f.name in mog}

    def eval_steps(self) -> list[int]:
        return sorted(set(range(0, self.steps + 1, self.eval_every)) | set(self.snapshots) | {0, self.steps})
