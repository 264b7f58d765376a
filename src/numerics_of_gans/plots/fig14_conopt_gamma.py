"""Figure 14 (claim E14): effect of the regularization parameter gamma on ConOpt (RMSProp, learning rate 2e-4 from
config `images.figures`): the score against the iteration, one line per gamma."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import panels_by, score_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    score_figure(result, panels_by(result["runs"], "arch", "lr"), "gamma",
                 "Figure 14: effect of γ on consensus optimization (RMSProp)", pdf_path, scale)
