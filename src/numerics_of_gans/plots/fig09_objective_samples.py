"""Figure 9 (claim E9): consensus optimization with different generator objectives (divergences) on the DC-GAN
without batch norm and with constant filters (dcgan4_nobn_cf): one column per objective, in the paper's order
(a) standard, (b) Jensen-Shannon, (c) indicator; further objectives of the config follow (order of
names.OBJECTIVES)."""
from __future__ import annotations

from numerics_of_gans.names import OBJECTIVES
from numerics_of_gans.plots.image_labels import OBJECTIVE_LABELS
from numerics_of_gans.plots.image_layouts import sample_figure


def plot(result: dict, pdf_path, scale: str | None) -> None:
    used = {r.run.objective for r in result["runs"]}
    present = [o for o in OBJECTIVES if o in used] + sorted(used - set(OBJECTIVES))
    columns = [(f"({chr(ord('a') + i)}) {OBJECTIVE_LABELS.get(o, o)}", {"objective": o})
               for i, o in enumerate(present)]
    sample_figure(result, [("ConOpt", {"method": "conopt"})], columns,
                  "Figure 9: consensus optimization with different generator objectives (no BN, constant "
                  "filters)", pdf_path, scale)
