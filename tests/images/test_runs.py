"""The image run matrix (numerics_of_gans.images.runs) and the run-folder loader (images.results)."""
import json

import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images.results import RunMissing, load
from numerics_of_gans.images.runs import Run, all_runs, figure_runs, network_and_method
from numerics_of_gans.images.settings import check_size

PAPER = resolve({"scale": "paper"})["images"]


def _ids(figure, cfg=PAPER):
    return [r.run_id for r in figure_runs(cfg, figure)]


def test_grids_expand_and_runs_are_shared_between_figures():
    assert len(_ids("fig06_architecture_samples")) == 12          # 4 architectures x 3 methods
    assert len(_ids("fig07_architecture_inception")) == 16        # + smoothing
    assert set(_ids("fig06_architecture_samples")) < set(_ids("fig07_architecture_inception"))
    assert set(_ids("fig11_dcgan4_losses_inception")) <= set(_ids("fig07_architecture_inception"))
    everything = [r for f in PAPER["figures"] for r in _ids(f)]
    assert len(all_runs(PAPER)) == len(set(everything)) == 43 < len(everything)


def test_settings_follow_the_paper():
    fig10 = {r.method: r for r in figure_runs(PAPER, "fig10_celeba_resnet_samples")}
    assert fig10["conopt"].steps == 1_500_000 and fig10["simga"].steps == 150_000
    assert (fig10["altga"].batch_size, fig10["altga"].width, fig10["altga"].gamma) == (128, 128, 0.0)
    fig05 = {r.method: r for r in figure_runs(PAPER, "fig05_dcgan3_losses_inception")}
    assert (fig05["conopt"].arch, fig05["conopt"].gamma, fig05["altga"].arch) == ("dcgan3_nobn", 0.1, "dcgan3")
    assert sorted(r.gamma for r in figure_runs(PAPER, "fig14_conopt_gamma")) == [0.01, 0.1, 1.0, 10.0, 100.0]
    assert {r.lr for r in figure_runs(PAPER, "fig14_conopt_gamma")} == {2e-4}


def test_scales_cap_steps_and_swap_the_dataset_and_seeds():
    cpu = resolve({"scale": "cpu"})["images"]
    runs = figure_runs(cpu, "fig10_celeba_resnet_samples")
    assert {r.steps for r in runs} == {cpu["max_steps"]} and {r.dataset for r in runs} == {"digits"}
    assert sorted({r.seed for r in runs}) == [0, 1, 2] and len(runs) == 9
    assert all(r.paper_dataset == "celeb_a" and r.run_id.startswith("celeb_a-") for r in runs)


def test_one_run_per_network_and_method_keeps_each_once():
    """CI's rehearsal: runs that differ only in objective, learning rate or gamma are represented by one run; every
    network and method of the 43 runs is trained, and every figure still has runs."""
    ci = resolve({"scale": "rehearsal", "images": {"one_run_per_network_and_method": True}})["images"]
    full = all_runs(resolve({"scale": "rehearsal"})["images"])
    kept = all_runs(ci)
    assert len(kept) == len({network_and_method(r) for r in full.values()}) == 21 and set(kept) < set(full)
    assert {network_and_method(r) for r in kept.values()} == {network_and_method(r) for r in full.values()}
    # Figure 6: the constant-filter network's JS runs are represented by its standard-objective runs (9 of 12)
    assert len(figure_runs(ci, "fig14_conopt_gamma")) == 1 and len(figure_runs(ci, "fig06_architecture_samples")) == 9
    assert figure_runs(ci, "fig14_conopt_gamma")[0] in figure_runs(ci, "fig07_architecture_inception")


def test_unknown_figure():
    with pytest.raises(KeyError, match="fig99"):
        figure_runs(PAPER, "fig99_nothing")


def test_load_run(tmp_path):
    """One loader for the figures and the checks: a missing, unfinished or differently trained run is refused."""
    run = next(iter(all_runs(PAPER).values()))
    folder = tmp_path / run.run_id
    with pytest.raises(RunMissing, match="final.json does not exist"):
        load(folder, run)
    (folder / "samples").mkdir(parents=True)
    (folder / "metrics.jsonl").write_text('{"step": 2}\n{"step": 4}\n')
    (folder / "samples" / "step_0000004.png").write_bytes(b"")
    (folder / "samples" / "step_0000002.png").write_bytes(b"")
    for final, message in (({"status": "sliced"}, "status 'sliced': the run did not finish"),
                           ({"status": "completed", "settings": {**run.options(), "lr": 1.0}},
                            r"other settings \(lr\)")):
        (folder / "final.json").write_text(json.dumps(final))
        with pytest.raises(RunMissing, match=message):
            load(folder, run)
    (folder / "final.json").write_text(json.dumps({"status": "completed", "step": 4, "settings": run.options()}))
    loaded = load(folder, run)
    assert loaded.run == run and loaded.folder == folder
    assert [m["step"] for m in loaded.metrics] == [2, 4]
    assert [p.rsplit("/", 1)[1] for p in loaded.samples] == ["step_0000002.png", "step_0000004.png"]
    assert Run.from_dict(json.loads(json.dumps(run.as_dict()))) == run


def test_a_stand_in_size_names_its_runs_and_only_the_stand_in_takes_one():
    ids = list(all_runs(resolve({"scale": "cpu", "images": {"common": {"size": 32}}})["images"]))
    assert ids and all("-px32-n" in i for i in ids)
    with pytest.raises(SettingsError, match="config field 'images': the run .* dcgan4_nobn cannot produce 24x24"):
        all_runs(resolve({"scale": "cpu", "images": {"common": {"size": 24}}})["images"])   # as `train` refuses it
    assert not any("-px" in i for i in all_runs(resolve({"scale": "cpu", "images": {"common": {"size": None}}})["images"]))
    with pytest.raises(SettingsError, match="only the digits stand-in takes a size"):
        all_runs(resolve({"scale": "paper", "images": {"common": {"size": 16}}})["images"])


@pytest.mark.parametrize("dataset, size, side, error", [
    ("digits", None, 32, None), ("digits", 16, 16, None), ("cifar10", None, 32, None), ("celeb_a", None, 64, None),
    ("cifar10", 16, None, "size: 16 for 'cifar10'; only the digits stand-in takes a size"),
    ("digits", 12, None, "size: 12 is not allowed; allowed: multiples of 8"),
    ("digits", 0, None, r"size: 0 is outside the allowed range \[8, inf\)"),
])
def test_one_rule_for_the_image_side(dataset, size, side, error):
    """check_size is the one rule behind the config, `train`, `train-classifier` and data.shape."""
    from numerics_of_gans.images import data
    if error is None:
        assert check_size(dataset, size) == side == data.shape(dataset, size)[0]
        return
    with pytest.raises(SettingsError, match=error):
        check_size(dataset, size)
    with pytest.raises(SettingsError, match=error):
        data.shape(dataset, size)


def test_one_grouping_of_seeds_for_figures_and_verdicts():
    from numerics_of_gans.images.results import RunResult, by_setting
    from paper_checks.image_results import cells
    runs = figure_runs(resolve({"scale": "cpu"})["images"], "fig07_architecture_inception")
    results = [RunResult(run, {"status": "finished"}, []) for run in reversed(runs)]
    groups = by_setting(results)
    assert all(len({r.run.setting_id for r in g}) == 1 and [r.run.seed for r in g] == [0, 1, 2] for g in groups)
    assert len(groups) == len({r.setting_id for r in runs}) == len(runs) // 3
    assert [g[0].run.setting_id for g in groups] == list(dict.fromkeys(r.run.setting_id for r in results))
    by = cells(results, "arch", "objective", "method")
    assert {k: [r.run.run_id for r in g] for k, g in by.items()} == \
        {(g[0].run.arch, g[0].run.objective, g[0].run.method): [r.run.run_id for r in g] for g in groups}
    with pytest.raises(ValueError, match="differ in a field not among them"):
        cells(results, "arch", "method")   # the objectives would merge
