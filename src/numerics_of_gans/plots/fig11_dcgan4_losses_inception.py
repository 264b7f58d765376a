"""Figure 11 (claim E11): 4-conv DC-GAN on cifar-10, ConOpt (gamma 10, without batch norm) against AltGA (with):
losses and score against the iteration."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.loss_figure(result, "Figure 11: losses and score, 4-conv DC-GAN: AltGA (dcgan4, batch norm) vs ConOpt "
                       "(dcgan4_nobn, γ=10)", pdf_path, scale, fields=("method", "arch"))
