"""Figure 10 (claim E10): celebA, DC-GAN-based resnet without batch norm and with constant filters (resnet_cf):
samples of (a) SimGA, (b) AltGA, (c) ConOpt; one row per seed when the scale runs several."""
from __future__ import annotations

from numerics_of_gans.plots.image_layouts import sample_figure

COLUMNS = [("(a) SimGA", {"method": "simga"}), ("(b) AltGA", {"method": "altga"}), ("(c) ConOpt", {"method": "conopt"})]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    sample_figure(result, [("resnet_cf", {})], COLUMNS, "Figure 10: celebA, resnet with constant filters, no BN",
                  pdf_path, scale)
