"""Figure 13 (claim E13): effect of the learning rate on ConOpt (RMSProp): one panel per architecture with its gamma
(the paper: 0.1 for 3 conv layers, 10 for 4; both from config `images.figures`), one line per learning rate."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import panels_by, score_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    score_figure(result, panels_by(result["runs"], "arch", "gamma"), "lr",
                 "Figure 13: effect of the learning rate on consensus optimization (RMSProp)", pdf_path, scale)
