"""Figure 6 (claim E6): samples of SimGA, AltGA and ConOpt (columns) on four architectures (rows): the DC-GAN with
4 conv layers, without batch norm, additionally with a constant number of filters, and that one with the
Jensen-Shannon generator objective."""
from __future__ import annotations

from numerics_of_gans.plots.style import METHOD_LABELS
from numerics_of_gans.plots.image_layouts import sample_figure

ROWS = [("DC-GAN (4 conv, BN)", {"arch": "dcgan4", "objective": "standard"}),
        ("no BN", {"arch": "dcgan4_nobn", "objective": "standard"}),
        ("no BN, constant filters", {"arch": "dcgan4_nobn_cf", "objective": "standard"}),
        ("constant filters + JS", {"arch": "dcgan4_nobn_cf", "objective": "js"})]
COLUMNS = [(METHOD_LABELS[m], {"method": m}) for m in ("simga", "altga", "conopt")]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    sample_figure(result, ROWS, COLUMNS, "Figure 6: samples per architecture (rows) and method (columns)",
                  pdf_path, scale)
