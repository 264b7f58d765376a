"""Figure 12 (claim E12): effect of the learning rate on AltGA (RMSProp) on a DC-GAN: the score against the
iteration, one line per learning rate (the grid comes from config `images.figures`; the paper does not give it)."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import panels_by, score_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    score_figure(result, panels_by(result["runs"], "method", "arch"), "lr",
                 "Figure 12: effect of the learning rate on AltGA (RMSProp)", pdf_path, scale)
