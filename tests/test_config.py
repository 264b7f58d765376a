"""config/: every scale resolves and validates; bad values are errors that name the field and the allowed values."""
import pytest

from numerics_of_gans.config import ConfigError, deep_merge, resolve
from numerics_of_gans.errors import SettingsError


@pytest.mark.parametrize("scale", ["smoke", "rehearsal", "cpu", "paper"])
def test_every_scale_resolves(scale):
    cfg = resolve({"scale": scale})
    assert cfg["scale"] == scale
    assert cfg["mog"]["learning_rate"] == 1e-4 and cfg["mog"]["gamma"] == 10.0  # the paper's values at every scale


def test_the_rehearsal_is_the_paper_run_matrix_with_fewer_steps_and_samples():
    """Every run of the paper scale, with the same settings except steps, evaluation interval and scored samples."""
    from numerics_of_gans.images.runs import all_runs
    paper, rehearsal = (list(all_runs(resolve({"scale": s})["images"]).values()) for s in ("paper", "rehearsal"))
    cut = ("steps", "eval_every", "eval_samples", "mock", "run_id")
    same = lambda run: {k: v for k, v in run.as_dict().items() if k not in cut}
    assert len(paper) == len(rehearsal) == 43 and [same(r) for r in paper] == [same(r) for r in rehearsal]
    assert {r.steps for r in rehearsal} == {1} and all(r.mock for r in rehearsal)
    images = resolve({"scale": "rehearsal"})["images"]
    assert images["classifier"] == "random-inception"
    assert images["inception_dir"] != resolve({"scale": "paper"})["images"]["inception_dir"]
    # the paper's calibration job, on mock images; the paper's memory and GPU requests, one thread per job
    assert images["calibration"]["splits"] == 10
    assert resolve({"scale": "paper"})["images"]["calibration"]["samples"] == [6400, 50000]
    paper_res, rehearsal_res = (resolve({"scale": s})["resources"]["train_image"] for s in ("paper", "rehearsal"))
    assert {**paper_res, "threads": 1, "runtime": 30} == rehearsal_res


def test_paper_is_the_default_and_holds_the_paper_setting():
    cfg = resolve()
    assert cfg["scale"] == "paper"
    assert cfg["mog"]["steps"] == 20000 and cfg["mog"]["snapshots"] == [0, 5000, 10000, 20000]


def test_overrides_win_over_overlay():
    assert resolve({"scale": "smoke", "mog": {"steps": 400}})["mog"]["steps"] == 400
    assert resolve({"scale": "smoke"})["mog"]["steps"] == 300


def test_command_line_strings_get_their_types_back():
    # what Snakemake hands over for --config 'mog={"seeds": [0, 1], "learning_rate": 1e-4, ...}' (YAML BaseLoader)
    cfg = resolve({"scale": "smoke", "mog": {"seeds": ["0", "1"], "learning_rate": "1e-4", "methods": ["conopt"],
                                             "spectrum_seeds": ["1"]}})
    assert cfg["mog"]["seeds"] == [0, 1] and cfg["mog"]["learning_rate"] == 1e-4
    assert cfg["mog"]["methods"] == ["conopt"] and cfg["mog"]["spectrum_seeds"] == [1]
    assert resolve({"cluster": {"max_job_minutes": "null"}})["cluster"]["max_job_minutes"] is None


@pytest.mark.parametrize("overrides, message", [
    ({"scale": "huge"}, "config field 'scale': 'huge' is not allowed; allowed values: smoke, rehearsal, cpu, paper"),
    ({"mog": {"methods": ["adam"]}}, "config field 'mog.methods.0': 'adam' is not allowed; allowed values: simga"),
    ({"mog": {"learning_rate": -1e-4}}, "config field 'mog.learning_rate': -0.0001 is out of range"),
    ({"mog": {"gamma": "ten"}}, "config field 'mog.gamma': 'ten' is not of type 'number'"),
    ({"mog": {"stepz": 3}}, "config field 'mog': Additional properties are not allowed ('stepz' was unexpected); allowed keys:"),
    ({"cluster": {"partition": "<your CPU partition>"}}, "config field 'cluster.partition': '<your CPU partition>' is "
     "not allowed; allowed values: null or a SLURM name (letters, digits, _ . -); fill in profiles/slurm/cluster.yaml"),
    ({"cluster": {"max_job_minutes": 90.5}}, "config field 'cluster.max_job_minutes': 90.5 is not allowed"),
    ({"cluster": {"max_job_minutes": 10, "stop_margin_minutes": 10}}, "config field 'cluster.stop_margin_minutes': "
     "10 leaves no training time in a job of cluster.max_job_minutes 10; allowed values: below max_job_minutes"),
    # cross-field checks: the CLI and the workflow judge a --config override alike (config.resolve)
    ({"mog": {"spectrum_seeds": [7]}}, "config field 'mog.spectrum_seeds': Figure 3 analyses ConOpt runs"),
    ({"mog": {"methods": ["simga"]}}, "so 'conopt' must be in mog.methods"),
    ({"mog": {"steps": 300, "snapshots": [900]}}, "config field 'mog.snapshots': [900] outside the allowed range "
     "[0, steps=300]"),
])
def test_bad_values_name_the_field(overrides, message):
    with pytest.raises(ConfigError) as info:
        resolve(overrides)
    assert message in str(info.value)


@pytest.mark.parametrize("section, message", [
    ({"L4": {"n_matrix": 3}}, "theory.L4: unknown key(s) ['n_matrix']; allowed: ["),
    ({"L4": {"n_matrices": "many"}}, "theory.L4.n_matrices: expected a number, got 'many'"),
])
def test_theory_settings_are_checked_against_the_modules_params(section, message):
    with pytest.raises(SettingsError) as info:
        resolve({"theory": section})
    assert message in str(info.value)


def test_missing_key_is_named(tmp_path):
    import shutil

    from numerics_of_gans import paths
    shutil.copytree(paths.CONFIG, tmp_path / "config")
    text = (tmp_path / "config" / "config.yaml").read_text().replace("  gamma: 10.0", "  # gamma removed")
    (tmp_path / "config" / "config.yaml").write_text(text)
    with pytest.raises(ConfigError, match="config field 'mog': 'gamma' is a required property"):
        resolve({"scale": "paper"}, config_dir=tmp_path / "config")


def test_deep_merge_replaces_lists_and_keeps_siblings():
    assert deep_merge({"a": {"b": 1, "c": [1, 2]}}, {"a": {"c": [3]}}) == {"a": {"b": 1, "c": [3]}}


def test_the_schema_allows_exactly_the_names_of_names_py():
    """config/schema.yaml spells the name lists out (it is read on its own); names.py is where the code takes them
    from, and the two stay equal."""
    import yaml

    from numerics_of_gans import names, paths
    schema = yaml.safe_load((paths.CONFIG / "schema.yaml").read_text())
    defs = schema["$defs"]
    assert tuple(defs["method"]["enum"]) == names.METHODS
    assert tuple(defs["image_dataset"]["enum"]) == names.DATASETS
    assert tuple(defs["arch"]["enum"]) == names.ARCHITECTURES
    assert tuple(defs["objective"]["enum"]) == names.OBJECTIVES
    assert tuple(schema["properties"]["scale"]["enum"]) == names.SCALES
    assert tuple(defs["run_spec"]["properties"]["dataset"]["oneOf"][0]["enum"]) == names.PAPER_DATASETS
