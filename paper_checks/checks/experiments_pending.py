"""Experiment claims whose runs are not in the workflow yet. Each reports `skip` with the reason until the issue
that implements it replaces its check here with a real one (never a `pass` without results)."""
from paper_checks.registry import Context, Verdict, check

# claim ID -> why it is pending. Empty now: E4-E14 are judged by checks/images.py.
_PENDING: dict[str, str] = {}


def _pending(claim_id: str):
    def pending(ctx: Context) -> Verdict:
        return Verdict.skip(_PENDING[claim_id])
    pending.__name__ = f"pending_{claim_id}"
    return pending


for _claim_id in _PENDING:
    check(_claim_id)(_pending(_claim_id))
