"""`pytest paper_checks --scale S [--family F]`: one test per claim ID, judged on results/S/ (skip stays skip, fail
fails); --family keeps the claims of one family (CI's rehearsal judges the image claims only)."""
from numerics_of_gans.names import SCALES
from paper_checks.registry import claims

FAMILIES = sorted({c["family"] for c in claims()})


def pytest_addoption(parser):
    parser.addoption("--scale", default="smoke", choices=SCALES,
                     help="which results/<scale>/ to judge (default: smoke)")
    parser.addoption("--family", choices=FAMILIES, help="only the claims of this family (claims.yaml)")


def _claim_id(item):
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("claim_id") if callspec else None


def pytest_collection_modifyitems(config, items):
    family = config.getoption("--family")
    if family:
        wanted = {c["id"] for c in claims() if c["family"] == family}
        dropped = [i for i in items if _claim_id(i) not in wanted | {None}]
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]
