"""Shared figure conventions: PDF plus a PNG twin, written atomically, with the scale stamped on; each method's
label and colour, the same in every figure (MoG, images)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: rules run without a display
import matplotlib.pyplot as plt  # noqa: E402

from numerics_of_gans.io import atomic_path  # noqa: E402

METHOD_LABELS = {"simga": "SimGA", "altga": "AltGA", "conopt": "ConOpt", "smoothing": "smoothing"}
METHOD_COLORS = {"simga": "tab:orange", "altga": "tab:green", "conopt": "tab:blue", "smoothing": "tab:purple"}


def save(fig: "plt.Figure", pdf_path: str | Path, scale: str | None = None) -> None:
    """Write `fig` to `pdf_path` and the PNG beside it; `scale` is printed in the corner when given."""
    pdf_path = Path(pdf_path)
    if pdf_path.suffix != ".pdf":
        raise ValueError(f"figure path must end in .pdf, got {pdf_path}")
    if scale:
        fig.text(0.995, 0.005, f"scale: {scale}", ha="right", va="bottom", fontsize=6, color="0.4")
    for path in (pdf_path, pdf_path.with_suffix(".png")):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, dpi=150, bbox_inches="tight", format=path.suffix[1:])
    plt.close(fig)
