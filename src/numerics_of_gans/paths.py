"""Absolute locations of the repository's folders, so no script depends on the working directory."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
RESULTS = ROOT / "results"
FIGURES = ROOT / "figures"


def results_dir(scale: str) -> Path:
    return RESULTS / scale


def figures_dir(scale: str) -> Path:
    return FIGURES / scale
