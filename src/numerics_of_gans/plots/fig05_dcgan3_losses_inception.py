"""Figure 5 (claim E5): 3-conv DC-GAN on cifar-10, AltGA (with batch norm) against ConOpt (gamma 0.1, without):
(a) discriminator loss, (b) generator loss, (c) score against the iteration."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.loss_figure(result, "Figure 5: losses and score, 3-conv DC-GAN: AltGA (dcgan3, batch norm) vs ConOpt "
                       "(dcgan3_nobn, γ=0.1)", pdf_path, scale, fields=("method", "arch"))
