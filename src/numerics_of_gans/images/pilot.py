"""`python -m numerics_of_gans pilot --scale cpu [--dry-run]`: the pilot that chooses a stand-in's free settings
(config `images.pilot`) by its positive controls (`images.controls`, paper_checks/controls.py).

The candidates are every combination of the pilot's lr_scale, steps and size values, walked in `images.pilot.order`
(each axis ascending, the first varying slowest; at cpu the smallest multiplier, then the fewest steps, then the
smaller side). A candidate whose projected cpu workflow exceeds the pilot's budget (`images.pilot.budget`) is
recorded as over the budget and not run. For each other, the workflow runs for the controls only, in a working
directory of its own:

    snakemake --snakefile Snakefile --directory results/pilot/<candidate> --cores all --config scale=cpu \\
        'images={"lr_scale": k, "max_steps": n, "common": {"steps": n, "size": px}}' -- results/cpu/controls.json

(the control runs with the controls' pilot seeds, and the classifier for the candidate's side, copied from an
earlier candidate of that side). Each candidate's controls record is appended to results/<scale>/pilot.json at once,
so an interrupted pilot resumes: a recorded candidate is not rerun. The walk stops at the first candidate whose
controls all pass; "no candidate passed" is a result too. Nothing here trains: it runs the workflow.
"""
from __future__ import annotations

import itertools
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

from numerics_of_gans import paths
from numerics_of_gans.errors import SettingsError

AXES = {"lr_scale": "k", "steps": "n", "size": "px"}   # a candidate's settings, and their letters in its id
WHAT = "the pilot of a stand-in's free settings: the first candidate whose positive controls all pass"
CLASSIFIER = ("classifier.keras", "classifier.json")   # rule image_classifier's outputs, one per image side


class PilotFailed(RuntimeError):
    """The workflow of a candidate failed (not its controls: that is a result)."""


def candidates(images_cfg: dict) -> list[dict]:
    """The candidates of config `images.pilot` in the order they are tried, each {"id", "lr_scale", "steps",
    "size"} (and "projected_minutes" with a budget); the first axis of `order` varies slowest, every axis
    ascending."""
    pilot = images_cfg.get("pilot")
    if not pilot:
        raise SettingsError("images.pilot: null at this scale; allowed: {lr_scale, steps, size, order[, budget]} "
                            "(config/scales/cpu.yaml)")
    order = pilot["order"]
    out = []
    for values in itertools.product(*(sorted(pilot[axis]) for axis in order)):
        cand = dict(zip(order, values))
        out.append({"id": "-".join(f"{AXES[a]}{cand[a]:g}" for a in AXES), **{a: cand[a] for a in AXES}})
    if pilot.get("budget"):
        per_side = {c["size"]: c["minutes"] for c in pilot["budget"]["minutes_per_1000_steps"]}
        for cand in out:
            if cand["size"] not in per_side:
                raise SettingsError(f"images.pilot.budget.minutes_per_1000_steps: no entry for size {cand['size']}; "
                                    f"allowed: one entry for each of images.pilot.size {sorted(pilot['size'])}")
            cand["projected_minutes"] = per_side[cand["size"]] * cand["steps"] / 1000
    return out


def over_budget(images_cfg: dict, cand: dict) -> str | None:
    """Why a candidate is not run (its projected workflow exceeds the pilot's budget), or None."""
    budget = (images_cfg["pilot"].get("budget") or {}).get("minutes")
    if budget is not None and cand["projected_minutes"] > budget:
        return f"over the budget: projected {cand['projected_minutes']:g} min > {budget:g} min"
    return None


def overrides(candidate: dict) -> dict:
    """The `images` overrides of a candidate: the lr multiplier, the steps (max_steps too: it caps them) and the
    stand-in's image side."""
    return {"lr_scale": candidate["lr_scale"], "max_steps": candidate["steps"],
            "common": {"steps": candidate["steps"], "size": candidate["size"]}}


def workdir(root: Path, candidate: dict) -> Path:
    return root / "results" / "pilot" / candidate["id"]


def command(scale: str, candidate: dict, root: Path, cores: str = "all") -> list[str]:
    """The workflow for the controls only, in the candidate's working directory."""
    return [sys.executable, "-m", "snakemake", "--snakefile", str(root / "Snakefile"), "--directory",
            str(workdir(root, candidate)), "--cores", cores, "--config", f"scale={scale}",
            f"images={json.dumps(overrides(candidate))}", "--", f"results/{scale}/controls.json"]


def _checked(scale: str, cands: list[dict]) -> None:
    """Every candidate resolves and assembles its control runs (an error names the field) before any runs."""
    from numerics_of_gans.config import resolve
    from numerics_of_gans.images.runs import control_runs
    for cand in cands:
        try:
            control_runs(resolve({"scale": scale, "images": overrides(cand)})["images"])
        except SettingsError as exc:
            raise SettingsError(f"images.pilot candidate {cand['id']}: {exc}") from None


def _reuse_classifier(scale: str, cand: dict, earlier: list[dict], root: Path) -> None:
    """The classifier depends on the image side only: copy it (with its times, so nothing reruns it) from an
    earlier candidate of the same side."""
    target = workdir(root, cand) / "results" / scale / "images"
    for other in earlier:
        source = workdir(root, other) / "results" / scale / "images"
        if other["size"] == cand["size"] and all((source / f).exists() for f in CLASSIFIER) \
                and not (target / CLASSIFIER[0]).exists():
            target.mkdir(parents=True, exist_ok=True)
            for f in CLASSIFIER:
                shutil.copy2(source / f, target / f)
            return


def _load(record_path: Path, rule: dict, scale: str) -> dict:
    if not record_path.exists():
        return {"what": WHAT, "scale": scale, "rule": rule, "candidates": [], "chosen": None, "result": None}
    record = json.loads(record_path.read_text())
    if record.get("rule") != rule:
        raise SettingsError(f"images.pilot: {record_path} was recorded with another rule (config images.pilot or "
                            f"images.controls); allowed: the same rule, or move the file away to start over")
    return record


def run(scale: str, *, root: Path = paths.ROOT, cores: str = "all", dry_run: bool = False,
        runner: Callable[[list[str]], int] | None = None, echo: Callable[[str], None] = print) -> dict | None:
    """Walk the candidates (positive controls' pilot); return the chosen candidate, or None if none passed (or on
    a dry run, which lists the candidates and their commands and runs nothing)."""
    from numerics_of_gans.config import resolve
    from numerics_of_gans.io import write_json
    images = resolve({"scale": scale})["images"]
    cands = candidates(images)
    _checked(scale, cands)
    rule = json.loads(json.dumps({"pilot": images["pilot"], "controls": images["controls"]}))
    record_path = root / "results" / scale / "pilot.json"
    record = _load(record_path, rule, scale)
    done = {c["id"]: c for c in record["candidates"]}
    runner = runner or (lambda cmd: subprocess.run(cmd, cwd=root).returncode)
    for i, cand in enumerate(cands):
        cmd = command(scale, cand, root, cores)
        head = f"[{i + 1}/{len(cands)}] {cand['id']} (lr_scale {cand['lr_scale']:g}, steps {cand['steps']}, " \
               f"size {cand['size']})"
        skipped = over_budget(images, cand)
        if skipped:
            echo(f"{head}: not run, {skipped}")
            if not dry_run and cand["id"] not in done:
                done[cand["id"]] = {**cand, "passed": False, "run": False, "failed": [skipped]}
                record["candidates"].append(done[cand["id"]])
                write_json(record_path, record)
            continue
        if dry_run:
            state = (f"recorded: {'passed' if done[cand['id']]['passed'] else 'failed'}" if cand["id"] in done
                     else "to run")
            echo(f"{head}, {state}\n    {shlex.join(cmd)}")
            continue
        if cand["id"] not in done:
            echo(f"{head}: {shlex.join(cmd)}")
            _reuse_classifier(scale, cand, cands[:i], root)
            workdir(root, cand).mkdir(parents=True, exist_ok=True)
            status = runner(cmd)
            if status != 0:
                raise PilotFailed(f"the workflow of candidate {cand['id']} failed (exit {status}); its log is in "
                                  f"{workdir(root, cand)}/.snakemake/log/; rerun the pilot to resume")
            controls = json.loads((workdir(root, cand) / "results" / scale / "controls.json").read_text())
            done[cand["id"]] = {**cand, "overrides": overrides(cand), "command": shlex.join(cmd), "run": True,
                                "passed": controls["passed"], "failed": controls["failed"], "controls": controls}
            record["candidates"].append(done[cand["id"]])
            write_json(record_path, record)   # at once: an interrupted pilot resumes after this candidate
        echo(f"{head}: " + ("every control passed" if done[cand["id"]]["passed"]
                            else "failed: " + "; ".join(done[cand["id"]]["failed"])))
        if done[cand["id"]]["passed"]:
            record.update(chosen={**cand, "overrides": overrides(cand)}, result=f"{cand['id']} passed every control")
            write_json(record_path, record)
            echo(f"chosen: {cand['id']}: set images.lr_scale {cand['lr_scale']:g}, images.max_steps and "
                 f"images.common.steps {cand['steps']}, images.common.size {cand['size']} (config/scales/{scale}.yaml)")
            return record["chosen"]
    if dry_run:
        return None
    ran = sum(c["run"] for c in record["candidates"])
    record.update(chosen=None, result=f"no candidate passed ({ran} run, {len(cands) - ran} over the budget)")
    write_json(record_path, record)
    echo(f"no candidate passed: {record['result']}, {record_path}")
    return None


def cmd_pilot(args) -> int:
    try:
        run(args.scale, cores=args.cores, dry_run=args.dry_run)
    except PilotFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("pilot", help="choose a stand-in's free settings by its positive controls "
                                            "(config images.pilot; results/<scale>/pilot.json)")
    p.add_argument("--scale", default="cpu", help="a scale of config/scales with images.pilot (default: cpu)")
    p.add_argument("--cores", default="all", help="snakemake --cores of each candidate's workflow (default: all)")
    p.add_argument("--dry-run", dest="dry_run", action="store_true",
                   help="list the candidates in order and their commands; run nothing")
    p.set_defaults(func=cmd_pilot)
