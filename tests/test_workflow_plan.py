"""The dry-run plans a job for every figure (1-14 and the theory figures) and every claim, at every scale;
a bad configuration stops Snakemake before any job starts."""
import subprocess
import sys
from pathlib import Path

import pytest

from numerics_of_gans import paths

SNAKEMAKE = [sys.executable, "-m", "snakemake"]


def _dry_run(*config: str) -> subprocess.CompletedProcess:
    return subprocess.run(SNAKEMAKE + ["-n", "--forceall", "--config", *config], cwd=paths.ROOT, capture_output=True,
                          text=True)


@pytest.mark.parametrize("scale", ["smoke", "rehearsal", "cpu", "paper"])
def test_dry_run_lists_every_figure_and_the_claims(scale):
    proc = _dry_run(f"scale={scale}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    plan = proc.stdout + proc.stderr
    for n in range(1, 15):
        assert f"figures/{scale}/fig{n:02d}_" in plan, f"no job for Figure {n}"
    assert f"results/{scale}/claims.json" in plan
    for claim in ("L1", "L4", "L7", "L9", "L11", "P13", "P14", "L15", "NM1", "NM3"):
        assert f"results/{scale}/theory/{claim}.json" in plan


def test_bad_config_stops_before_any_job():
    proc = _dry_run("scale=smoke", "mog={'methods': ['adam']}")
    assert proc.returncode != 0
    assert "config field 'mog.methods.0': 'adam' is not allowed; allowed values: simga, altga, conopt, smoothing" \
        in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout + proc.stderr


def test_spectrum_seeds_must_be_conopt_runs():
    proc = _dry_run("scale=smoke", "mog={'spectrum_seeds': [7]}")
    assert proc.returncode != 0
    assert "config field 'mog.spectrum_seeds'" in proc.stdout + proc.stderr


def _jobs(plan: str) -> list[dict]:
    """The jobs of a `snakemake -n -p` plan: rule name, inputs, shell command."""
    jobs = []
    for block in plan.split("\nrule ")[1:]:
        lines = block.splitlines()
        job = {"rule": lines[0].rstrip(":"), "input": "", "shell": "", "resources": {}}
        for i, line in enumerate(lines):
            if line.strip().startswith("input:"):
                job["input"] = line.split("input:", 1)[1]
            if line.strip().startswith("resources:"):
                job["resources"] = dict(kv.split("=", 1) for kv in line.split("resources:", 1)[1].split(", "))
            if line.startswith("Shell command:"):
                job["shell"] = line
        jobs.append(job)
    return jobs


def test_paper_plan_prepares_data_and_inception_once_before_training():
    proc = subprocess.run(SNAKEMAKE + ["-n", "-p", "--forceall", "--config", "scale=paper"], cwd=paths.ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    jobs = _jobs(proc.stdout)
    count = lambda rule: sum(j["rule"] == rule for j in jobs)
    assert (count("prepare_dataset"), count("fetch_inception"), count("image_train")) == (2, 1, 43)
    assert (count("calibrate_scorer"), count("resolved_config"), count("claims")) == (1, 1, 1)
    calibrate = next(j for j in jobs if j["rule"] == "calibrate_scorer")
    assert "results/paper/data/cifar10.json" in calibrate["input"] and "--require-gpu" in calibrate["shell"]
    assert "--samples 6400 50000 --splits 10" in calibrate["shell"]
    claims = next(j for j in jobs if j["rule"] == "claims")   # judged against what ran: the config, the calibration
    assert "results/paper/config.json" in claims["input"] and "results/paper/images/calibration.json" in claims["input"]
    for job in jobs:
        if job["rule"] == "image_train":
            # every training job waits for its dataset and the module, reads Inception from the local folder, and
            # stops at once without a GPU
            assert "results/paper/images/inception.json" in job["input"] and "results/paper/data/" in job["input"]
            assert "--require-gpu" in job["shell"] and "--gpus 1 " in job["shell"]
            assert "--classifier " + str(paths.ROOT / "data" / "inception") in job["shell"]
    # TensorFlow jobs that declare no GPU hide it (a MoG run must not take memory on the training jobs' card)
    tf_rules = {"theory_result", "mog_train", "mog_spectrum", "prepare_dataset", "fetch_inception"}
    assert all("--gpus 0 " in j["shell"] for j in jobs if j["rule"] in tf_rules)
    step_cost = [j["shell"] for j in jobs if j["rule"] == "step_cost"]
    assert any("--model dcgan" in s and "--gpus 1 " in s and "--require-gpu" in s for s in step_cost)
    # a local run: each run asks for its whole estimate, is never stopped, and names no SLURM partition
    runtimes = {j["resources"]["runtime"] for j in jobs if j["rule"] == "image_train"}
    assert runtimes == {"2880", "28800"}   # 150k steps, and the 1.5M-step celebA ConOpt run
    assert not any("--job-minutes" in j["shell"] or "slurm_partition" in j["resources"] for j in jobs)
    assert any("--model mog" in s and "--gpus 0 " in s and "--require-gpu" not in s for s in step_cost)


def _slurm_profile(tmp_path, **cluster) -> Path:
    """profiles/slurm with its cluster file filled in (the placeholders replaced by `cluster`'s values)."""
    import yaml
    profile = tmp_path / "profile"
    profile.mkdir()
    text = (paths.ROOT / "profiles" / "slurm" / "config.yaml").read_text()
    (profile / "config.yaml").write_text(text.replace("profiles/slurm/cluster.yaml", str(tmp_path / "cluster.yaml")))
    filled = yaml.safe_load((paths.ROOT / "profiles" / "slurm" / "cluster.yaml").read_text())
    filled["cluster"].update(cluster)
    (tmp_path / "cluster.yaml").write_text(yaml.safe_dump(filled))
    return profile


def test_slurm_profile_places_gpu_jobs_and_slices_long_runs(tmp_path):
    """profiles/slurm at the paper scale: GPU jobs on the GPU partition, the rest on the CPU one, the account on
    every job; a training job asks for at most the longest job and stops 10 min before it (without the profile:
    test_paper_plan_prepares_data_and_inception_once_before_training)."""
    profile = _slurm_profile(tmp_path, partition="cpu", gpu_partition="gpu", account="lab", max_job_minutes=1440)
    proc = subprocess.run(SNAKEMAKE + ["-n", "-p", "--forceall", "--profile", str(profile), "--config", "scale=paper"],
                          cwd=paths.ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    jobs = _jobs(proc.stdout)
    assert all(j["resources"]["slurm_account"] == "lab" for j in jobs if j["rule"] != "all")
    for job in jobs:
        if job["rule"] != "all":
            wanted = "gpu" if job["resources"]["gpu"] == "1" else "cpu"
            assert job["resources"]["slurm_partition"] == wanted, job
    train = [j for j in jobs if j["rule"] == "image_train"]
    assert {j["resources"]["slurm_partition"] for j in train} == {"gpu"}
    assert all(j["resources"]["runtime"] == "1440" and "--job-minutes 1440 --stop-margin-minutes 10" in j["shell"]
               for j in train)
    assert not any("--job-minutes" in j["shell"] for j in jobs if j["rule"] != "image_train")


def test_slurm_profile_left_unfilled_stops_before_any_job():
    proc = subprocess.run(SNAKEMAKE + ["-n", "--profile", "profiles/slurm", "--config", "scale=smoke"],
                          cwd=paths.ROOT, capture_output=True, text=True)
    assert proc.returncode != 0
    assert ("config field 'cluster.partition': '<your CPU partition>' is not allowed; allowed values: null or a "
            "SLURM name") in proc.stdout and "fill in profiles/slurm/cluster.yaml" in proc.stdout


def test_configured_folders_reach_the_jobs():
    proc = subprocess.run(SNAKEMAKE + ["-n", "-p", "--forceall", "--config", "scale=paper",
                                       "images={'data_dir': '/shared/tfds', 'manual_dir': '/shared/manual',"
                                       " 'inception_dir': '/shared/inception', 'require_gpu': False}"],
                          cwd=paths.ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    jobs = _jobs(proc.stdout)
    prepare = [j["shell"] for j in jobs if j["rule"] == "prepare_dataset"]
    assert all("--data-dir /shared/tfds" in s and "--manual-dir /shared/manual" in s for s in prepare)
    train = [j["shell"] for j in jobs if j["rule"] == "image_train"]
    assert all("--data-dir /shared/tfds" in s and "--classifier /shared/inception" in s for s in train)
    assert not any("--require-gpu" in s for s in train)   # the CPU on purpose
    fetch = next(j["shell"] for j in jobs if j["rule"] == "fetch_inception")
    assert "--dir /shared/inception" in fetch


def test_make_paper_checks_the_gpu_and_limits_gpu_jobs():
    out = subprocess.run(["make", "-n", "-B", "paper", "GPUS=2"], cwd=paths.ROOT, capture_output=True, text=True).stdout
    check, run = out.index("numerics_of_gans devices --scale paper"), out.index("snakemake --cores")
    assert check < run and "--resources gpu=2 --config scale=paper" in out
    assert "requirements-gpu.txt" in out


def test_training_job_reads_the_prepared_data_and_the_local_inception_folder(tmp_path, inception_like_module):
    """One smoke training job through Snakemake with the paper's scoring path: prepare_dataset (mock data) and
    fetch_inception (a module folder saved here with TF-GAN Inception's interface, no network) run first, and the
    run is scored by the module from that folder ("inception score")."""
    import json

    from numerics_of_gans.config import resolve
    from numerics_of_gans.images import runs
    # (positive controls judge a stand-in classifier: none with the Inception module)
    images = {"classifier": "inception", "inception_dir": str(inception_like_module),
              "data_dir": str(tmp_path / "tfds"), "controls": None}
    run_id = next(r for r, run in runs.all_runs(resolve({"scale": "smoke", "images": images})["images"]).items()
                  if run.dataset == "cifar10" and run.method == "simga")
    proc = subprocess.run(SNAKEMAKE + ["-s", str(paths.ROOT / "Snakefile"), "-d", str(tmp_path / "wd"), "--cores", "2",
                                       "--config", "scale=smoke", f"images={json.dumps(images)}", "--",
                                       f"results/smoke/images/{run_id}/final.json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = tmp_path / "wd" / "results" / "smoke"
    assert json.loads((results / "data" / "cifar10.json").read_text())["mock"]
    assert json.loads((results / "images" / "inception.json").read_text())["dir"] == str(inception_like_module)
    final = json.loads((results / "images" / run_id / "final.json").read_text())
    assert final["status"] == "completed" and final["last_metrics"]["score_name"] == "inception score"
    assert final["settings"]["classifier"] == str(inception_like_module)


def test_jobs_refuse_a_python_on_path_that_is_not_snakemakes(tmp_path):
    """Jobs run `python` from PATH (so that --use-conda's environment is the one used), with the folder of the
    interpreter running Snakemake put first. An interpreter whose folder has no `python` would let another one run
    the jobs: the workflow stops before any job and says what to do."""
    import sysconfig
    alone = tmp_path / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    alone.parent.mkdir()
    alone.symlink_to(Path(sys._base_executable).resolve())
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": sysconfig.get_paths()["purelib"], "HOME": str(tmp_path)}
    proc = subprocess.run([str(alone), "-m", "snakemake", "-n", "--config", "scale=smoke"], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert f"not the interpreter running Snakemake ({alone})" in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout + proc.stderr


def test_mog_settings_are_checked_as_mog_train_checks_them():
    proc = _dry_run("scale=smoke", "mog={'snapshots': [0, 900]}")
    assert proc.returncode != 0
    assert "config field 'mog.snapshots': [900] outside the allowed range [0, steps=300]" in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout + proc.stderr


def test_cpu_plan_judges_the_positive_controls_before_the_claims():
    """The control runs train like any run (rule image_train); image_controls reads them, the classifier's record
    and the resolved config; the claims and the report read controls.json."""
    proc = subprocess.run(SNAKEMAKE + ["-n", "-p", "--forceall", "--config", "scale=cpu"], cwd=paths.ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    jobs = _jobs(proc.stdout)
    [controls] = [j for j in jobs if j["rule"] == "image_controls"]
    runs = [p for p in controls["input"].split(", ") if p.endswith("/final.json")]
    assert len(runs) == 9 and {p.rsplit("-s", 1)[1] for p in runs} == {f"{s}/final.json" for s in (100, 101, 102)}
    assert "results/cpu/config.json" in controls["input"] and "results/cpu/images/classifier.json" in controls["input"]
    assert "python -m paper_checks controls --scale cpu" in controls["shell"]
    assert sum(j["rule"] == "image_train" for j in jobs) == 97 + 9   # the figures' runs and the controls'
    [claims] = [j for j in jobs if j["rule"] == "claims"]
    assert "results/cpu/controls.json" in claims["input"]
    [report] = [j for j in jobs if j["rule"] == "report_tables"]
    assert "--controls results/cpu/controls.json" in report["shell"]
