"""`pytest paper_checks --scale S`: one test per claim ID, judged on results/S/ (skip stays skip, fail fails)."""


def pytest_addoption(parser):
    parser.addoption("--scale", default="smoke", choices=("smoke", "cpu", "paper"),
                     help="which results/<scale>/ to judge (default: smoke)")
