"""Positive controls of a stand-in scale (config `images.controls`), judged before any image claim.

The paper takes as given that the standard DC-GAN with batch norm trains with SimGA and AltGA, and an inception
score tells real images from a collapsed generator. On the digits stand-in neither is given, so both are measured:
- the stand-in classifier (results/<scale>/images/classifier.json, `image_results.standin_calibration`): held-out
  accuracy, its score of real digits and of one digit class, each against its bound (the constants below);
- each control cell (the control runs that differ only in their seed, config `images.controls.runs` with the pilot
  seeds `images.controls.seeds`): the median final score over its seeds at least the stand-in's "trained"
  threshold (`Scorer.of(ctx, "standin").trained`, the one the image claims use); a diverged run, or one without a
  score, counts as not trained.
`judge` returns the record written to results/<scale>/controls.json (rule image_controls), read by
`image_results.controls_failure`. Runs on tfds mock data (smoke) are judged too: plumbing, their controls fail.

    python -m paper_checks controls --scale cpu [--results results] [--out results/cpu/controls.json]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

from numerics_of_gans.images.results import by_setting
from numerics_of_gans.images.runs import control_runs
from paper_checks.image_results import CONTROLS_FILE, load, standin_calibration
from paper_checks.registry import Context, MissingResult
from paper_checks.scorer import Scorer

# The stand-in classifier's bounds (fixed before the pilot, as the issue that asked for controls states them): a
# scorer that labels held-out digits right at least 95% of the time, rates real digits at least 8 of the 10 a
# perfect classifier gives, and a generator collapsed onto one digit class at most 1.5 (exp(0) = 1 is the floor).
MIN_HOLDOUT_ACCURACY, MIN_REAL_SCORE, MAX_ONE_CLASS_SCORE = 0.95, 8.0, 1.5
WHAT = ("positive controls of the stand-in: its classifier separates real data from one class, and the standard "
        "DC-GAN with batch norm trains with the control methods (paper_checks/controls.py)")


def _row(name: str, kind: str, measured: float | None, relation: str, bound: float, **detail) -> dict:
    ok = measured is not None and math.isfinite(measured) and (
        measured >= bound if relation == ">=" else measured <= bound)
    return {"control": name, "kind": kind, "measured": measured, "relation": relation, "bound": bound, "ok": ok,
            **detail}


def _classifier_rows(ctx: Context) -> list[dict]:
    cal = standin_calibration(ctx)
    return [_row("classifier held-out accuracy", "classifier", cal.get("holdout_accuracy"), ">=",
                 MIN_HOLDOUT_ACCURACY),
            _row("classifier score of real data", "classifier", cal["real"]["score"], ">=", MIN_REAL_SCORE),
            _row("classifier score of one class (a collapsed generator)", "classifier", cal["one_class"]["score"],
                 "<=", MAX_ONE_CLASS_SCORE)]


def _run_rows(ctx: Context, images: dict, trained: float) -> list[dict]:
    rows = []
    for results in by_setting([load(ctx, run) for run in control_runs(images)]):   # as the image claims group them
        cell = results[0].run.setting_id
        scores = [None if r.diverged or math.isnan(r.final_score()) else r.final_score() for r in results]
        # a diverged or unscored run is not trained: below every threshold, also in the median
        median = statistics.median(-math.inf if s is None else s for s in scores)
        rows.append(_row(cell, "run", median if math.isfinite(median) else None, ">=", trained,
                         method=results[0].run.method, arch=results[0].run.arch,
                         seeds=[r.run.seed for r in results],
                         final_scores=["diverged" if r.diverged else s for r, s in zip(results, scores)],
                         diverged=[r.run.seed for r in results if r.diverged]))
    return rows


def _reason(row: dict) -> str:
    got = "none" if row["measured"] is None else f"{row['measured']:.3g}"
    wanted = f"{row['relation']} {row['bound']:.3g}"
    if row["kind"] == "classifier":
        return f"{row['control']} {got}, needs {wanted}"
    if row["measured"] is None:
        got = "none (a diverged or unscored run in the middle)"
    per_seed = ", ".join(s if isinstance(s, str) else "unscored" if s is None else f"{s:.2f}"
                         for s in row["final_scores"])
    diverged = f"; diverged: seeds {row['diverged']}" if row["diverged"] else ""
    return (f"{row['control']} does not train: median final score over seeds {row['seeds']} {got} (per seed: "
            f"{per_seed}), needs {wanted} (trained){diverged}")


def judge(ctx: Context) -> dict:
    """The positive controls of `ctx`'s scale as a record: every control's measured value, bound and ok flag,
    `passed`, and `failed` (a reason with numbers per failed control). MissingResult when an input is absent."""
    images = ctx.config["images"]
    controls = images.get("controls")
    if not controls:
        raise MissingResult(f"config images.controls is null at scale {ctx.scale}: no positive controls to judge")
    scorer = Scorer.of(ctx, "standin")
    rows = _classifier_rows(ctx) + _run_rows(ctx, images, scorer.trained)
    failed = [_reason(r) for r in rows if not r["ok"]]
    return {"what": WHAT, "scale": ctx.scale, "passed": not failed, "failed": failed, "controls": rows,
            "trained_threshold": scorer.trained, "seeds": controls["seeds"], "mock": images["mock"],
            "lr_scale": images.get("lr_scale", 1), "scorer_calibration": scorer.calibration}


def main(argv=None) -> int:
    """`python -m paper_checks controls`: write results/<scale>/controls.json; exit 0 whether the controls pass or
    fail (a failed control is a finding the record holds), 1 when an input is missing."""
    from paper_checks.runner import ROOT, SCALES
    from numerics_of_gans.io import write_json
    parser = argparse.ArgumentParser(prog="python -m paper_checks controls", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", required=True, choices=SCALES)
    parser.add_argument("--results", type=Path, default=ROOT / "results", help="the results root (default: results/)")
    parser.add_argument("--out", type=Path, help=f"default: results/<scale>/{CONTROLS_FILE}")
    args = parser.parse_args(argv)
    try:
        record = judge(Context(scale=args.scale, results=args.results / args.scale))
    except MissingResult as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_json(args.out or args.results / args.scale / CONTROLS_FILE, record)
    for row in record["controls"]:
        got = "none" if row["measured"] is None else f"{row['measured']:.3f}"
        print(f"{'ok  ' if row['ok'] else 'FAIL'}  {row['control']}: {got} {row['relation']} {row['bound']:.3f}")
    print(f"positive controls at scale {args.scale}: {'passed' if record['passed'] else 'failed'}")
    return 0
