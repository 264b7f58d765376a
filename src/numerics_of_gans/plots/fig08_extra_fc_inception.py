"""Figure 8 (claim E8): as Figure 7 with an additional fully connected layer in the discriminator (conv4: the
constant-filter family of the original code), standard and Jensen-Shannon objectives; one line per method."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import score_figure

PANELS = [("(a) constant filters + FC in D", {"arch": "conv4", "objective": "standard"}),
          ("(b) constant filters + FC in D, JS", {"arch": "conv4", "objective": "js"})]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    score_figure(result, PANELS, "method", "Figure 8: score over the iterations with an additional fully "
                 "connected layer in the discriminator", pdf_path, scale, line_fields=("method", "gamma"))
