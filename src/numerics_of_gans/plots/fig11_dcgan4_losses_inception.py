"""Figure 11 (claim E11): DC-GAN with 4 conv layers on cifar-10, AltGA (with batch norm, dcgan4) against ConOpt
(gamma 10, without batch norm, dcgan4_nobn): (a) discriminator loss, (b) generator loss, (c) score against the
iteration and against the accumulated training time (the paper's "over time")."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import loss_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    loss_figure(result, "Figure 11: 4-conv DC-GAN, AltGA (with BN) vs ConOpt (without BN); line: loss averaged "
                "over each evaluation interval, band: its min-max", pdf_path, scale, fields=("method", "arch"))
