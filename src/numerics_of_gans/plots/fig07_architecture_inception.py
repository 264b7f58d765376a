"""Figure 7 (claim E7): the score against the iteration for the runs of Figure 6 and the smoothing optimizer,
one panel per architecture, one line per method."""
from __future__ import annotations

from numerics_of_gans.plots import image_panels as panels


def plot(result: dict, pdf_path, scale: str | None) -> None:
    panels.score_figure(result, "arch+objective", ("method",), "Figure 7: score over iterations per architecture; "
                        "SimGA, AltGA, ConOpt (γ=10), smoothing (γ=10)", pdf_path, scale)
