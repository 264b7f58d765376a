"""C1 (Section 4.1, footnote 3): ConOpt's cost per step is a small constant multiple of SimGA's."""
from paper_checks.registry import Context, MissingResult, Verdict, check

# claims.yaml: "pass if every ratio is at most 3". Measured on 2 CPU cores: MoG 1.7-2.1; the paper's DC-GAN (dcgan3_nobn,
# f=64, batch 64) 2.8-3.1 by process CPU time and 2.35-3.44 by wall time on a shared machine (counted
# convolution/matmul FLOPs: 2.98, benchmarks/bench_image_step.py), so on a CPU the DC-GAN sits at the threshold.
MAX_RATIO = 3.0
MIN_REPEATS = 3   # a ratio is judged on the median of at least 3 interleaved timing blocks; fewer (the rehearsal's
#                   single block of the paper's DC-GAN, the smoke scale's single MoG block) is reported, not judged
DCGAN_SCALES = ("cpu", "paper")   # CLAIMS: "also a DC-GAN at cpu and paper scale": required there, not optional


@check("C1")
def step_cost(ctx: Context) -> Verdict:
    wanted = {m: s for m, s in ctx.config["step_cost"].items() if s}
    results = {m: ctx.json(f"step_cost/{m}.json") for m in wanted}
    for m, result in results.items():   # a result left from another configuration is not this run's measurement
        made = {**result["setting"], **{k: result[k] for k in ("warmup_steps", "timed_steps", "repeats", "seed")}}
        if made != wanted[m]:
            raise MissingResult(f"step_cost/{m}.json was measured with {made}, the configuration asks for "
                                f"{wanted[m]}: rerun the step_cost rule")
    ratios = {m: r["ratio_to_simga"]["conopt"] for m, r in results.items()}
    judged = {m: r for m, r in ratios.items() if results[m]["repeats"] >= MIN_REPEATS}
    if ctx.scale in DCGAN_SCALES and "dcgan" not in judged:
        made = (f"one with {results['dcgan']['repeats']} timing block(s), ratio {ratios['dcgan']:.2f}"
                if "dcgan" in results else "none (config step_cost.dcgan is null)")
        return Verdict("fail", {"conopt_over_simga": ratios}, {"conopt_over_simga_at_most": MAX_RATIO},
                       f"the {ctx.scale} scale must time the DC-GAN in >= {MIN_REPEATS} blocks and has {made}: set "
                       f"step_cost.dcgan (repeats >= {MIN_REPEATS}) and rerun the step_cost rule")
    if not judged:
        return Verdict.skip(f"too few timing blocks to judge (< {MIN_REPEATS}); measured ConOpt/SimGA {ratios}")
    assertions = {f"ConOpt/SimGA step time on {m} = {r:.2f} <= {MAX_RATIO}": r <= MAX_RATIO for m, r in judged.items()}
    return Verdict.judge(
        assertions,
        measured={"conopt_over_simga": ratios, "seconds_per_step": {m: r["seconds_per_step"] for m, r in results.items()},
                  "cpu_time_conopt_over_simga": {m: r.get("cpu_ratio_to_simga", {}).get("conopt")
                                                 for m, r in results.items()},
                  "not judged (fewer than 3 timing blocks)": sorted(set(ratios) - set(judged)),
                  "dcgan_setting": results["dcgan"]["setting"] if "dcgan" in results
                  else "not measured at this scale (config step_cost.dcgan is null)"},
        expected={"conopt_over_simga_at_most": MAX_RATIO},
    )
