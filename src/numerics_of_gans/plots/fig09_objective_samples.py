"""Figure 9 (claim E9): ConOpt samples with different generator objectives (divergences) on the constant-filter
DC-GAN without batch norm."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    objectives = [o for o in ("standard", "js", "indicator", "kl", "tv")
                  if any(r["spec"]["objective"] == o for r in result["runs"])]
    panels.sample_figure(result, [("", {"method": "conopt"})], [(o, {"objective": o}) for o in objectives],
                         "Figure 9: consensus optimization with different objectives (dcgan4_nobn_cf)", pdf_path, scale)
