"""The zoo's commands: one game's part of the table, one ring job, the ring's cost per step, and the table.

    python -m numerics_of_gans zoo-game --params '<config zoo as JSON>' --game dirac_r1 \\
        --out results/smoke/zoo/games/dirac_r1.json
    python -m numerics_of_gans zoo-ring --params '<config zoo>' --mog '<config mog>' --label conopt --value-index 0 \\
        --out results/smoke/zoo/ring/conopt/v0.json
    python -m numerics_of_gans zoo-ring-cost --params '<config zoo>' --mog '<config mog>' \\
        --out results/smoke/zoo/ring/cost.json
    python -m numerics_of_gans zoo-table --params '<config zoo>' --games results/smoke/zoo/games/*.json \\
        --ring results/smoke/zoo/ring/*/v*.json --cost results/smoke/zoo/ring/cost.json \\
        --out results/smoke/zoo/table.json --markdown results/smoke/zoo/table.md
    python -m numerics_of_gans plot-zoo portraits --params '<config zoo>' --figure figures/smoke/zoo_dirac_portraits.pdf
    python -m numerics_of_gans plot-zoo ring-samples --table results/smoke/zoo/table.json \
        --ring results/smoke/zoo/ring/*/v*.json --figure figures/smoke/zoo_ring_samples.pdf
    python -m numerics_of_gans plot-zoo ring-modes --table results/smoke/zoo/table.json \
        --figure figures/smoke/zoo_ring_modes.pdf
"""
from __future__ import annotations

import json
from pathlib import Path

from numerics_of_gans.arguments import json_object
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.io import atomic_path, provenance, write_json


def _game_label(zoo: dict, game: str) -> str:
    if game not in zoo["run"]["games"]:
        raise SettingsError(f"game: {game!r} is not run; allowed values: {', '.join(zoo['run']['games'])}")
    return game


def cmd_zoo_game(args) -> int:
    """One game's rows of the table: results/<scale>/zoo/games/<game>.json."""
    from numerics_of_gans.zoo import table
    part = table.compute(args.params, _game_label(args.params, args.game))
    write_json(args.out, {**part, "provenance": provenance()})
    print(f"zoo-game: {args.game}: {len(part['rows'])} rows in {part['elapsed_s']:.1f} s; wrote {args.out}")
    return 0


def cmd_zoo_ring(args) -> int:
    """One ring job (a method label at one hyperparameter value, every seed): results/<scale>/zoo/ring/<label>/v<i>.json."""
    from numerics_of_gans.zoo import ring_settings
    labels = args.params["run"]["methods"]
    if args.label not in labels:
        raise SettingsError(f"label: {args.label!r} is not run; allowed values: {', '.join(labels)}")
    try:
        job = ring_settings.job(args.params, args.mog, args.label, args.value_index)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    from numerics_of_gans.zoo import ring
    run = ring.train_job(job, log=lambda line: print(f"zoo-ring: {line}", flush=True))
    write_json(args.out, {**run, "provenance": provenance()})
    print(f"zoo-ring: wrote {args.out} ({run['seconds_per_step'] * 1e3:.2f} ms a step for {len(job['seeds'])} seeds)")
    return 0


def cmd_zoo_ring_cost(args) -> int:
    """Each method's time per ring step relative to SimGA, one process: results/<scale>/zoo/ring/cost.json."""
    from numerics_of_gans.zoo import ring_cost, ring_settings
    zoo = args.params
    jobs = [ring_settings.job(zoo, args.mog, label, 0) for label in zoo["run"]["methods"]]
    cost = ring_cost.measure(jobs, **zoo["ring"]["cost"], log=lambda line: print(f"zoo-ring-cost: {line}", flush=True))
    write_json(args.out, {**cost, "provenance": provenance()})
    print(f"zoo-ring-cost: wrote {args.out}")
    return 0


def _read(paths: list[Path]) -> list[dict]:
    return [json.loads(Path(p).read_text()) for p in paths]


def cmd_zoo_table(args) -> int:
    """Join the games' parts, the ring's runs and its cost: results/<scale>/zoo/table.{json,md}."""
    from numerics_of_gans.zoo import table
    cost = _read([args.cost])[0] if args.cost else None
    result = table.assemble(args.params, _read(args.games), _read(args.ring), cost)
    result["provenance"] = provenance()
    write_json(args.out, result)
    with atomic_path(args.markdown) as tmp:
        tmp.write_text(table.markdown(result))
    print(f"zoo-table: {json.dumps(table.summary(result))}")
    print(f"zoo-table: wrote {args.out} and {args.markdown}")
    return 0


def cmd_plot_zoo(args) -> int:
    """The zoo's figures: the Dirac-GAN's phase portraits, the ring's samples per method and seed, its modes."""
    if args.kind == "portraits":
        if args.params is None:
            raise SettingsError("params: plot-zoo portraits needs config `zoo` as JSON (--params)")
        from numerics_of_gans.plots import zoo_dirac_portraits
        zoo_dirac_portraits.plot(zoo_dirac_portraits.compute(args.params), args.figure, args.scale)
    else:
        if args.table is None:
            raise SettingsError(f"table: plot-zoo {args.kind} needs the zoo's table.json (--table)")
        from numerics_of_gans.plots import zoo_ring
        table = _read([args.table])[0]["ring"]
        if args.kind == "ring-modes":
            zoo_ring.plot_modes(table, args.figure, args.scale)
        else:
            runs = {(r["label"], r["value_index"]): r for r in _read(args.ring)}
            zoo_ring.plot_samples(table, runs, args.figure, args.scale)
    print(f"plot-zoo: wrote {args.figure} and its PNG")
    return 0


def register(sub) -> None:
    """Add the zoo's subcommands to the CLI's subparsers."""
    def parser(name, help_text, func, out_help):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--params", type=json_object, required=True, help="config `zoo` as JSON")
        p.add_argument("--out", required=True, type=Path, help=out_help)
        p.set_defaults(func=func)
        return p

    p = parser("zoo-game", "one game's part of the zoo's table (Dirac-GAN or bilinear)", cmd_zoo_game,
               "result JSON, e.g. results/smoke/zoo/games/dirac_r1.json")
    p.add_argument("--game", required=True, help="a label of zoo.run.games")
    for name, help_text, func, out_help in (
            ("zoo-ring", "one zoo method on the 8-Gaussian ring at one hyperparameter value, every seed of config "
                         "mog", cmd_zoo_ring, "result JSON, e.g. results/smoke/zoo/ring/conopt/v0.json"),
            ("zoo-ring-cost", "each zoo method's time per ring step relative to SimGA (one process)",
             cmd_zoo_ring_cost, "result JSON, e.g. results/smoke/zoo/ring/cost.json")):
        p = parser(name, help_text, func, out_help)
        p.add_argument("--mog", type=json_object, required=True, help="config `mog` as JSON (the ring's setting)")
        if name == "zoo-ring":
            p.add_argument("--label", required=True, help="a label of zoo.run.methods")
            p.add_argument("--value-index", type=int, required=True,
                           help="the hyperparameter value: 0 the recommended one, then the grid's others")
    p = parser("zoo-table", "the zoo's table from its parts: games, ring runs, ring cost", cmd_zoo_table,
               "result JSON, e.g. results/smoke/zoo/table.json")
    p.add_argument("--games", nargs="+", required=True, type=Path, help="every game's part (zoo-game)")
    p.add_argument("--ring", nargs="*", default=[], type=Path, help="every ring job's run (zoo-ring)")
    p.add_argument("--cost", type=Path, help="the ring's cost (zoo-ring-cost)")
    p.add_argument("--markdown", required=True, type=Path, help="the readable table, e.g. results/smoke/zoo/table.md")

    p = sub.add_parser("plot-zoo", help="the zoo's figures: Dirac-GAN phase portraits, ring samples, ring modes")
    p.add_argument("kind", choices=["portraits", "ring-samples", "ring-modes"])
    p.add_argument("--params", type=json_object, help="config `zoo` as JSON (portraits)")
    p.add_argument("--table", type=Path, help="the zoo's table.json (ring-samples, ring-modes)")
    p.add_argument("--ring", nargs="*", default=[], type=Path, help="every ring job's run (ring-samples)")
    p.add_argument("--figure", required=True, type=Path, help="output PDF (a PNG is written beside it)")
    p.add_argument("--scale", help="printed in the figure's corner")
    p.set_defaults(func=cmd_plot_zoo)
