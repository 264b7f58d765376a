"""Figure 6 (claim E6): samples of SimGA, AltGA and ConOpt (columns) on four architectures (rows): DC-GAN,
without batch norm, constant filters, constant filters with the Jensen-Shannon objective."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels

ROWS = [("DC-GAN (dcgan4)", {"arch": "dcgan4", "objective": "standard"}),
        ("no batch norm", {"arch": "dcgan4_nobn", "objective": "standard"}),
        ("constant filters", {"arch": "dcgan4_nobn_cf", "objective": "standard"}),
        ("constant filters + JS", {"arch": "dcgan4_nobn_cf", "objective": "js"})]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.sample_figure(result, ROWS, [(panels.METHOD_LABELS[m], {"method": m}) for m in ("simga", "altga", "conopt")],
                         "Figure 6: samples per architecture (rows) and method (columns)", pdf_path, scale)
