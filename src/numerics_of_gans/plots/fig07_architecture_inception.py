"""Figure 7 (claim E7): the score against the iteration for the runs of Figure 6 plus the smoothing optimizer (the
consensus term on the discriminator's update only): one panel per architecture, one line per method."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import score_figure

PANELS = [("(a) DC-GAN (BN)", {"arch": "dcgan4", "objective": "standard"}),
          ("(b) no BN", {"arch": "dcgan4_nobn", "objective": "standard"}),
          ("(c) no BN, constant filters", {"arch": "dcgan4_nobn_cf", "objective": "standard"}),
          ("(d) constant filters + JS", {"arch": "dcgan4_nobn_cf", "objective": "js"})]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    score_figure(result, PANELS, "method", "Figure 7: score over the iterations of Figure 6's runs and the "
                 "smoothing optimizer", pdf_path, scale, line_fields=("method", "gamma"))
