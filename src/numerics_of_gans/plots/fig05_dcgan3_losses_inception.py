"""Figure 5 (claim E5): DC-GAN with 3 conv layers on cifar-10, AltGA (with batch norm, dcgan3) against ConOpt
(gamma 0.1, without batch norm, dcgan3_nobn): (a) discriminator loss, (b) generator loss, (c) score against the
iteration and against the accumulated training time (the paper's "over time"). The paper's point: AltGA's losses
fluctuate strongly, ConOpt's stay almost constant."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import loss_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    loss_figure(result, "Figure 5: 3-conv DC-GAN, AltGA (with BN) vs ConOpt (without BN); line: loss averaged "
                "over each evaluation interval, band: its min-max", pdf_path, scale, fields=("method", "arch"))
