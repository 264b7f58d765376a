"""Figure 9 (claim E9): consensus optimization with different generator objectives (divergences) on the DC-GAN
without batch norm and with constant filters (dcgan4_nobn_cf): one column per objective, in the paper's order
(a) standard, (b) Jensen-Shannon, (c) indicator; further objectives of the config follow
(order of image_panels.OBJECTIVE_LABELS, which mirrors objectives.OBJECTIVES without importing TensorFlow)."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    used = {r["spec"]["objective"] for r in result["runs"]}
    present = [o for o in panels.OBJECTIVE_LABELS if o in used] + sorted(used - set(panels.OBJECTIVE_LABELS))
    columns = [(f"({chr(ord('a') + i)}) {panels.OBJECTIVE_LABELS.get(o, o)}", {"objective": o})
               for i, o in enumerate(present)]
    panels.sample_figure(result, [("ConOpt", {"method": "conopt"})], columns,
                         "Figure 9: consensus optimization with different generator objectives (no BN, constant "
                         "filters)", pdf_path, scale)
