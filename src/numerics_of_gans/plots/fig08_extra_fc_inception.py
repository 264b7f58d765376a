"""Figure 8 (claim E8): as Figure 7 with an additional fully connected layer in the discriminator (the conv4
family of the original code: constant filters), standard and JS objectives."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.score_figure(result, "arch+objective", ("method",), "Figure 8: score over iterations with an extra fully "
                        "connected layer in the discriminator", pdf_path, scale)
