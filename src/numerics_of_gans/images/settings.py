"""The settings of one image GAN run (Figures 4-14), each defined once (numerics_of_gans.options): its name, type,
default, allowed values and help. `TrainSettings` validates itself (SettingsError naming the field and the allowed
values); the `train` command's options and the workflow's command lines (rules/common.smk) are derived from its
fields (options.add_arguments, options.cli_args), so a setting cannot be spelled differently in the CLI, the library
and the rules. No TensorFlow here: the CLI validates a run before anything heavy is imported.
"""
from __future__ import annotations

from dataclasses import dataclass

from numerics_of_gans import options
from numerics_of_gans.options import setting
from numerics_of_gans.errors import SettingsError, check_splits, check_whole
from numerics_of_gans.names import (ARCHITECTURES, DATASETS, IMAGE_SIDES, METHODS, OBJECTIVES, PAPER_DATASETS,
                                   THREE_STRIDED)


def check_size(dataset: str, size: int | None, field: str = "size") -> int:
    """The image side of `dataset` given a `size` setting (None: the dataset's own). Only the digits stand-in
    takes a size (its 8x8 images upsampled to it; a multiple of 8, the 3-strided networks' factor); the real
    datasets have their own. Checked here for the config, the `train` and `train-classifier` options and the data."""
    if size is None:
        return IMAGE_SIDES[dataset]
    if dataset != "digits":
        raise SettingsError(f"{field}: {size} for {dataset!r}; only the digits stand-in takes a size (the real "
                            f"datasets have their own: {dataset} {IMAGE_SIDES[dataset]})")
    if check_whole(field, size, low=8) % 8:
        raise SettingsError(f"{field}: {size} is not allowed; allowed: multiples of 8")
    return size


@dataclass(frozen=True)
class TrainSettings:
    out: str = setting(help="the run folder, results/<scale>/images/<run-id>")
    dataset: str = setting("cifar10", choices=DATASETS, required=True)
    stands_in_for: str | None = setting(None, choices=PAPER_DATASETS,
                                        help="with --dataset digits: the paper dataset it replaces (labels only)")
    arch: str = setting("dcgan3_nobn", choices=ARCHITECTURES, required=True)
    objective: str = setting("standard", choices=OBJECTIVES)
    method: str = setting("conopt", choices=METHODS, required=True)
    gamma: float = setting(10.0, low=0.0, help="consensus weight (conopt, smoothing)")
    lr: float = setting(1e-4, low=0.0, low_open=True)
    steps: int = setting(150000, low=1, required=True)
    seed: int = setting(0, low=0)
    batch_size: int = setting(64, low=1)
    z_dim: int = setting(256, low=1)
    width: int = setting(64, low=2, help="f = gf_dim = df_dim (even)")
    eval_every: int = setting(1000, low=1)
    eval_samples: int = setting(6400, low=1, help="the paper's 6400 samples in 10 splits")
    eval_splits: int = setting(10, low=1)
    classifier: str | None = setting(None, help="an Inception module folder (fetch-inception) or a stand-in .keras "
                                                "file (train-classifier); no scores if absent")
    mock: bool = setting(False, help="tfds.testing.mock_data (smoke scale)")
    mock_examples: int = setting(256, low=1)
    data_dir: str | None = setting(None, help="tfds data_dir where prepare-dataset prepared the dataset")
    shuffle_buffer: int = setting(10000, low=1)
    jit_compile: bool = setting(False, help="XLA-compile the step")
    keep_checkpoints: int = setting(2, low=1, cli=False)
    max_chunk: int | None = setting(None, low=1, cli=False, help="cap on the steps per compiled loop call")
    size: int | None = setting(None, low=8, help="image side of the digits stand-in (default 32; its 8x8 images "
                                                 "upsampled); the real datasets have their own")

    def __post_init__(self):
        options.validate(self)
        size = check_size(self.dataset, self.size)
        factor = 8 if self.arch in THREE_STRIDED else 16
        if size % factor:
            raise SettingsError(f"arch: {self.arch} cannot produce {size}x{size} images")
        if self.width % 2:
            raise SettingsError(f"width: {self.width} is not allowed; allowed: even whole numbers >= 2")
        check_splits("eval_samples", self.eval_samples, "eval_splits", self.eval_splits)
        if self.stands_in_for is not None and self.dataset != "digits":
            raise SettingsError(f"stands_in_for: only the digits stand-in replaces a paper dataset, not "
                                f"{self.dataset!r}")
        if self.mock and self.dataset == "digits":
            raise SettingsError("mock: allowed only with the tfds datasets cifar10, celeb_a (digits ships offline)")

