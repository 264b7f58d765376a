"""`pytest paper_checks --scale S`: one test per claim ID, judged on results/S/ (skip stays skip, fail fails)."""
from numerics_of_gans.config import SCALES


def pytest_addoption(parser):
    parser.addoption("--scale", default="smoke", choices=SCALES,
                     help="which results/<scale>/ to judge (default: smoke)")
