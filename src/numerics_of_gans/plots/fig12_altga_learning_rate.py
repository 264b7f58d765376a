"""Figure 12 (claim E12): effect of the learning rate on AltGA (RMSProp) on a DC-GAN: one line per learning rate."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.score_figure(result, "arch", ("lr",), "Figure 12: AltGA, effect of the learning rate (RMSProp)", pdf_path, scale)
