"""Figure 13 (claim E13): effect of the learning rate on ConOpt: gamma 0.1 on the 3-conv and gamma 10 on the 4-conv
architecture, one panel each, one line per learning rate."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.score_figure(result, "arch", ("lr",), "Figure 13: ConOpt, effect of the learning rate (dcgan3_nobn γ=0.1, "
                        "dcgan4_nobn γ=10)", pdf_path, scale)
