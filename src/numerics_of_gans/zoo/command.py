"""`zoo-table`: the zoo's table of methods x games (Dirac-GAN, bilinear) as JSON and markdown.

    python -m numerics_of_gans zoo-table --params '<config zoo as JSON>' --out results/smoke/zoo/table.json \\
        --markdown results/smoke/zoo/table.md
"""
from __future__ import annotations

import json
from pathlib import Path

from numerics_of_gans.arguments import json_object
from numerics_of_gans.io import atomic_path, write_json


def cmd_zoo_table(args) -> int:
    """Compute the table and write results/<scale>/zoo/table.json and table.md (atomically)."""
    from numerics_of_gans.io import provenance
    from numerics_of_gans.zoo import table
    result = table.compute(args.params)
    result["provenance"] = provenance()
    write_json(args.out, result)
    with atomic_path(args.markdown) as tmp:
        tmp.write_text(table.markdown(result))
    print(f"zoo-table: {json.dumps(table.summary(result))}")
    print(f"zoo-table: wrote {args.out} and {args.markdown} in {result['elapsed_s']:.2f} s")
    return 0


def register(sub) -> None:
    """Add the `zoo-table` subcommand to the CLI's subparsers."""
    p = sub.add_parser("zoo-table", help="the zoo's table: methods x games (Dirac-GAN, bilinear) at the equilibrium")
    p.add_argument("--params", type=json_object, required=True, help="config `zoo` as JSON")
    p.add_argument("--out", required=True, type=Path, help="result JSON, e.g. results/smoke/zoo/table.json")
    p.add_argument("--markdown", required=True, type=Path, help="the readable table, e.g. results/smoke/zoo/table.md")
    p.set_defaults(func=cmd_zoo_table)
