"""Run results built in memory (images.results.RunResult without a folder) for the image figures' modules."""
import pytest

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.images.runs import Run

BASE = Run.of("cifar10", dataset="cifar10", arch="dcgan4_nobn", objective="standard", method="conopt",
              gamma=10.0, lr=1e-4, steps=3000, seed=0, batch_size=64, z_dim=256, width=64, eval_every=1000,
              eval_samples=640, eval_splits=10, size=None, mock=False)


def scores(*values, start: int = 1000) -> list[dict]:
    """metrics.jsonl lines with these scores, one evaluation every 1000 steps."""
    return [{"step": start + 1000 * i, "score": v, "score_name": "inception score"} for i, v in enumerate(values)]


@pytest.fixture
def make_result():
    """make_result(metrics, status="completed", **Run fields) -> a RunResult of BASE with those fields."""
    def make(metrics=(), status: str = "completed", **fields) -> RunResult:
        if fields.get("method") in ("simga", "altga"):
            fields.setdefault("gamma", 0.0)
        final = {"status": status, "score_name": "inception score", "step": metrics[-1]["step"] if metrics else 0}
        return RunResult(BASE.replace(**fields), final, list(metrics))
    return make
