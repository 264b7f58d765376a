"""Figure 14 (claim E14): effect of gamma on ConOpt at learning rate 2e-4: one line per gamma."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.score_figure(result, "arch", ("gamma",), "Figure 14: ConOpt, effect of γ at learning rate 2e-4", pdf_path, scale)
