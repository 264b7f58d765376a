"""`python -m numerics_of_gans <command>`: the one entry point that the workflow's rules call.

    python -m numerics_of_gans config --scale cpu                   # the resolved, validated configuration
    python -m numerics_of_gans step-cost --model mog --out results/smoke/step_cost/mog.json \\
        --params '{"warmup_steps": 20, "timed_steps": 100, "repeats": 3, "seed": 0}'    # config step_cost.mog

Each experiment adds its own commands (theory/command.py, mog/command.py, images/command.py: `register`); heavy
libraries (TensorFlow) are imported inside the commands that need them, so `--help` is instant.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path

from numerics_of_gans import __version__
from numerics_of_gans.arguments import count, json_object
from consensus_optimization.errors import InvalidSetting
from numerics_of_gans.errors import SettingsError, Unavailable
from numerics_of_gans.io import write_json
from numerics_of_gans.names import SCALES

# TensorFlow's C++ start-up information drowns the rules' logs; warnings stay visible, above all the GPU library
# warnings ("Cannot dlopen some GPU libraries ... Skipping registering GPU devices") that say why a GPU is unused.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

EXPERIMENTS = ("theory", "mog", "images", "zoo")


def cmd_config(args) -> int:
    import yaml

    from numerics_of_gans.config import resolve
    overrides = dict(args.set or {})
    if args.scale:
        overrides["scale"] = args.scale
    resolved = resolve(overrides)
    if args.out:   # the workflow's record of what it ran with (rule resolved_config), read by paper_checks
        write_json(args.out, resolved)
    else:
        print(yaml.safe_dump(resolved, sort_keys=False), end="")
    return 0


def cmd_step_cost(args) -> int:
    from numerics_of_gans.step_cost import SETTINGS, TIMING
    allowed = TIMING + SETTINGS[args.model]
    unknown = sorted(set(args.params) - set(allowed))
    if unknown:
        raise SettingsError(f"params: unknown {', '.join(unknown)} for {args.model}; allowed: {', '.join(allowed)}")
    missing = [k for k in allowed if k not in args.params]
    if missing:
        raise SettingsError(f"params: {args.model} needs {', '.join(missing)} (config step_cost.{args.model})")
    if args.require_gpu:
        from numerics_of_gans import devices
        devices.require_gpu(f"C1's {args.model} step-cost timing")
    from numerics_of_gans.io import provenance
    from numerics_of_gans.step_cost import measure
    result = measure(args.model, **args.params)
    result["provenance"] = provenance()
    write_json(args.out, result)
    print(json.dumps({k: result[k] for k in ("model", "seconds_per_step", "ratio_to_simga", "cpu_ratio_to_simga")},
                     indent=1))
    return 0


def cmd_report_tables(args) -> int:
    from numerics_of_gans.report_tables import write_tables
    if not args.claims.is_file():
        raise SettingsError(f"claims: {args.claims} does not exist; run the `claims` rule first")
    if args.controls is not None and not args.controls.is_file():
        raise SettingsError(f"controls: {args.controls} does not exist; run the `image_controls` rule first")
    if args.pilot is not None and not args.pilot.is_file():
        raise SettingsError(f"pilot: {args.pilot} does not exist; allowed: a pilot record (python -m "
                            f"numerics_of_gans pilot; reference/<scale>/pilot.json)")
    write_tables(args.claims, args.benchmarks, args.out_claims, args.out_metadata, args.controls, args.pilot)
    print(f"wrote {args.out_claims} and {args.out_metadata}")
    return 0


def cmd_devices(args) -> int:
    """What TensorFlow sees; with --scale, exit 3 when that scale's image jobs need a GPU and none is visible."""
    from numerics_of_gans import devices
    require = False
    if args.scale:
        from numerics_of_gans.config import resolve
        require = resolve({"scale": args.scale})["images"]["require_gpu"]
    import tensorflow as tf
    print(f"TensorFlow {tf.__version__}; physical devices: "
          f"{', '.join(d.name for d in tf.config.list_physical_devices()) or 'none'}")
    info = devices.describe()
    print(devices.summary(info))
    print(json.dumps(info, indent=1))
    if require:
        devices.require_gpu(f"the {args.scale} scale")
        print(f"ok: the {args.scale} scale's GPU jobs will use the GPU(s) above")
    return 0


def cmd_reference(args) -> int:
    from numerics_of_gans.reference import record
    info = record(args.scale, args.out, width=args.width)
    print(f"reference: {args.scale} recorded in {args.out}: {info['counts']}, {len(info['figures'])} figures, "
          f"commit {info['commit']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m numerics_of_gans", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--threads", type=count, default=0,
                        help="TensorFlow's intra- and inter-op threads (the job's share of the cores); 0: all cores")
    parser.add_argument("--gpus", type=count, default=None,
                        help="GPUs this job may use (the rule's `gpu` resource): 0 hides every GPU from TensorFlow, "
                             "N >= 1 takes N GPUs no other job of this machine holds, memory growing on demand; "
                             "default: TensorFlow's own choice")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    p = sub.add_parser("devices", help="print what TensorFlow sees: GPUs, CUDA/cuDNN of the build, TF32")
    p.add_argument("--scale", choices=SCALES,
                   help="also check that a scale whose image jobs need a GPU (images.require_gpu) will find one")
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("config", help="print the resolved, validated configuration of a scale")
    p.add_argument("--scale", choices=SCALES)
    p.add_argument("--set", type=json_object, help="overrides as a JSON object, e.g. '{\"mog\": {\"steps\": 10}}'")
    p.add_argument("--out", help="write it as JSON to this file instead of printing YAML")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("step-cost", help="time ConOpt against SimGA per step in one process (claim C1)")
    p.add_argument("--model", choices=("mog", "dcgan"), required=True)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--params", type=json_object, default={},
                   help="config step_cost.<model> as JSON: warmup_steps, timed_steps, repeats, seed (+ the dcgan's "
                        "arch, width, batch_size, z_dim, image_size)")
    p.add_argument("--require-gpu", dest="require_gpu", action="store_true",
                   help="stop at once if TensorFlow sees no GPU (the DC-GAN at paper scale: config images.require_gpu)")
    p.set_defaults(func=cmd_step_cost)

    p = sub.add_parser("reference", help="record a finished scale's verdicts, config and small figures as reference "
                                         "results (reference/<scale>/), to compare later runs with")
    p.add_argument("--scale", choices=SCALES, required=True)
    p.add_argument("--out", required=True, type=Path, help="e.g. reference/smoke")
    p.add_argument("--width", type=count, default=900, help="the figures' largest PNG width in pixels")
    p.set_defaults(func=cmd_reference)

    p = sub.add_parser("report-tables", help="the claims table and run metadata pages of `snakemake --report`")
    p.add_argument("--claims", required=True, type=Path, help="results/<scale>/claims.json")
    p.add_argument("--controls", type=Path, help="results/<scale>/controls.json: the positive controls, shown first")
    p.add_argument("--pilot", type=Path, help="the pilot that chose the stand-in's free settings, shown after the "
                                              "controls (results/<scale>/pilot.json or reference/<scale>/pilot.json)")
    p.add_argument("--benchmarks", required=True, type=Path, help="results/<scale>/benchmarks (the rules' benchmark files)")
    p.add_argument("--out-claims", required=True, type=Path, help="results/<scale>/report/claims.html")
    p.add_argument("--out-metadata", required=True, type=Path, help="results/<scale>/report/run_metadata.html")
    p.set_defaults(func=cmd_report_tables)

    for experiment in EXPERIMENTS:   # each experiment's commands: <experiment>/command.py, register()
        importlib.import_module(f"numerics_of_gans.{experiment}.command").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()   # a job's time limit counts from here (before TensorFlow's import)
    args = build_parser().parse_args(argv)
    args.started = started
    if args.gpus is not None:
        from numerics_of_gans import devices
        devices.use_gpus(args.gpus)
    if args.threads:
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    try:
        return int(args.func(args) or 0)
    except InvalidSetting as exc:  # bad settings (the CLI's SettingsError, or the library's): one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Unavailable as exc:     # no GPU, no prepared dataset, no Inception module: what to do, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 3
