"""The arithmetic of benchmarks/bench_paper_runs.py (GPU hours per image figure); no timing here."""
import importlib.util
import sys
from pathlib import Path

import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.images.runs import all_runs, figure_runs

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_paper_runs.py"
_SPEC = importlib.util.spec_from_file_location("bench_paper_runs", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = bench          # dataclasses look their module up there
_SPEC.loader.exec_module(bench)
PAPER = resolve({"scale": "paper"})["images"]


def test_evaluations_follow_train_py():
    assert bench.n_evaluations(150_000, 1000) == 150
    assert bench.n_evaluations(1_500_000, 1000) == 1500
    assert bench.n_evaluations(2500, 1000) == 3            # 1000, 2000 and the last step
    assert bench.n_evaluations(999, 1000) == 1


def test_eval_and_run_seconds():
    # 6400 samples in batches of 64: 100 generator batches, plus Inception on every sample
    assert bench.eval_seconds(6400, 64, 0.5, 0.1) == pytest.approx(100 * 0.5 + 640.0)
    assert bench.eval_seconds(6400, 128, 1.0, 0.0) == pytest.approx(50.0)
    assert bench.eval_seconds(16, 64, 1.0, 0.0) == pytest.approx(1.0)   # batch = min(batch_size, n)
    assert bench.run_cpu_seconds(1000, 0.2, 2, 50.0) == pytest.approx(300.0)
    assert bench.gpu_hours(7200.0, 20.0) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        bench.gpu_hours(1.0, 0.0)


def test_method_kinds_and_step_keys():
    assert bench.method_kind("smoothing") == bench.method_kind("conopt") == "consensus"
    assert bench.method_kind("altga") != bench.method_kind("simga")
    with pytest.raises(ValueError):
        bench.method_kind("adam")
    assert set(bench.TIMED_METHOD) == set(bench.METHOD_KIND.values())
    runs = all_runs(PAPER).values()
    keys = {bench.step_key(r) for r in runs}
    assert len(keys) == 17                               # 7 architectures x their method kinds
    celeba = {bench.step_key(r) for r in runs if r.paper_dataset == "celeb_a"}
    assert {(k.arch, k.size, k.width, k.batch_size) for k in celeba} == {("resnet_cf", 64, 128, 128)}


def test_figure_rows_count_shared_runs_and_sum_hours():
    rows = bench.figure_rows({"a": ["r1", "r2"], "b": ["r2", "r3", "r3"]}, {"r1": 1.0, "r2": 2.0, "r3": 4.0})
    assert rows == [{"figure": "a", "runs": 2, "shared": 1, "cpu_s": 3.0},
                    {"figure": "b", "runs": 2, "shared": 1, "cpu_s": 6.0}]
    figures = {f: [r.run_id for r in figure_runs(PAPER, f)] for f in PAPER["figures"]}
    rows = {row["figure"]: row for row in bench.figure_rows(figures, {i: 1.0 for i in all_runs(PAPER)})}
    assert rows["fig06_architecture_samples"]["shared"] == 12       # all also in Figure 7
    assert rows["fig08_extra_fc_inception"]["shared"] == 0
    assert sum(r["runs"] for r in rows.values()) > len(all_runs(PAPER)) == 43


def test_speedup_range_is_ordered():
    assert 0 < bench.GPU_SPEEDUP_LOW < bench.GPU_SPEEDUP_HIGH
