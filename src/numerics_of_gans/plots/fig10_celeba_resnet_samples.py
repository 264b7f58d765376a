"""Figure 10 (claim E10): celebA, constant-filter resnet without batch norm: SimGA, AltGA, ConOpt samples."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.sample_figure(result, [("resnet_cf", {})],
                         [(panels.METHOD_LABELS[m], {"method": m}) for m in ("simga", "altga", "conopt")],
                         "Figure 10: celebA, constant-filter resnet: SimGA, AltGA, ConOpt", pdf_path, scale)
