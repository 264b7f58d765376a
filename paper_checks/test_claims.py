"""Every claim of claims.yaml as one pytest test: pass passes, skip skips with its reason, fail fails."""
import pytest

from paper_checks.registry import Context, claims, load_checks, run_check
from paper_checks.runner import ROOT

CLAIM_IDS = [c["id"] for c in claims()]


@pytest.fixture(scope="session")
def context(request):
    scale = request.config.getoption("--scale")
    return Context(scale=scale, results=ROOT / "results" / scale)


def test_one_check_per_claim():
    assert list(load_checks()) == CLAIM_IDS     # the count is tests/paper_checks/test_registry.py's


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim(claim_id, context):
    verdict = run_check(claim_id, load_checks()[claim_id], context)
    if verdict.status == "skip":
        pytest.skip(f"{claim_id}: {verdict.reason}")
    assert verdict.status == "pass", f"{claim_id}: {verdict.reason}\nmeasured: {verdict.measured}\nexpected: {verdict.expected}"


def test_no_two_verdicts_contradict(context):
    """paper_checks/consistency.py over the whole claims.json of this scale: no cell trained in one verdict and
    failed in another."""
    from paper_checks.runner import evaluate
    report = evaluate(context.scale, context.results.parent)
    assert not report["contradictions"], report["contradictions"]
