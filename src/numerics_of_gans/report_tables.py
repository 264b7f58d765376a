"""The two tables of `snakemake --report` besides the figures: the claims table (results/<scale>/claims.json, one
row per claim of paper_checks/claims.yaml; first, where the scale has them, its stand-in's positive controls,
results/<scale>/controls.json) and the run metadata (library versions, hardware, and the wall time of
every job from the rules' benchmark files). Both are self-contained HTML pages, written atomically."""
from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from numerics_of_gans.io import atomic_path, provenance

STATUS_COLORS = {"pass": "#1a7f37", "fail": "#cf222e", "skip": "#9a6700", "error": "#cf222e"}
STYLE = ("body{font-family:sans-serif;font-size:13px;margin:1em}table{border-collapse:collapse;margin-bottom:1.5em}"
         "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}"
         "th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}"
         "pre{margin:0;white-space:pre-wrap;font-size:11px}")


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><h2>{html.escape(title)}</h2>{body}</body></html>\n")


def _table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table; cells are HTML already (the callers escape text)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td class='num'>{c}</td>" if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def controls_html(controls: dict) -> str:
    """The positive controls (paper_checks/controls.py), shown before the claims: every control's measured value
    against its bound, and whether the stand-in passed them all."""
    status = "pass" if controls["passed"] else "fail"
    rows = [[html.escape(c["control"]), html.escape(c["kind"]),
             "none" if c["measured"] is None else f"{c['measured']:.3f}",
             html.escape(f"{c['relation']} {c['bound']:.3f}"),
             f"<b style='color:{STATUS_COLORS['pass' if c['ok'] else 'fail']}'>{'ok' if c['ok'] else 'fail'}</b>"]
            for c in controls["controls"]]
    seeds = html.escape(str(controls.get("seeds")))
    return (f"<h3>Positive controls: <b style='color:{STATUS_COLORS[status]}'>{status}</b></h3><p>Judged before any "
            "image claim: the stand-in classifier separates real data from one class, and the standard DC-GAN with "
            f"batch norm trains with the control methods (median final score over seeds {seeds} at least the "
            "stand-in's <i>trained</i> threshold). Source: results/"
            f"{html.escape(controls['scale'])}/controls.json (python -m paper_checks controls).</p>"
            + _table(["control", "kind", "measured", "bound", "verdict"], rows, {2}))


def pilot_html(pilot: dict) -> str:
    """The pilot that chose the stand-in's free settings on its controls alone (images/pilot.py): every candidate in
    the order tried, its projected workflow minutes, and for those run each control run's median final score."""
    rows = []
    for c in pilot["candidates"]:
        runs = [r for r in c.get("controls", {}).get("controls", []) if r["kind"] == "run"]
        medians = "; ".join(f"{html.escape(r['control'])}: {_number(r['measured'], '.2f') or 'none'}" for r in runs)
        outcome = "passed" if c["passed"] else ("not run: " + "; ".join(c["failed"]) if not c.get("run", True)
                                                else "failed")
        rows.append([html.escape(c["id"]), f"{c['lr_scale']:g}", str(c["steps"]), str(c["size"]),
                     _number(c.get("projected_minutes")), html.escape(outcome), medians])
    return ("<h3>The pilot that chose the stand-in's settings</h3><p>" + html.escape(str(pilot.get("result")))
            + ". The rule: " + html.escape(json.dumps(pilot.get("rule", {}).get("pilot"))) + "</p>"
            + _table(["candidate", "lr x", "steps", "side", "projected min", "outcome", "control medians"], rows,
                     {1, 2, 3, 4}))


def _number(x, spec: str = "g") -> str:
    return "" if x is None else format(x, spec)


def claims_html(claims: dict, controls: dict | None = None, pilot: dict | None = None) -> str:
    """The claims table: id, family, source in the paper, verdict, its reason, and the measured/expected values;
    with `controls`, the positive controls' table first, and the `pilot` that chose the settings after it."""
    counts = ", ".join(f"{n} {status}" for status, n in sorted(claims.get("counts", {}).items()))
    rows = []
    for c in claims["claims"]:
        color = STATUS_COLORS.get(c["status"], "black")
        detail = json.dumps({"measured": c.get("measured"), "expected": c.get("expected")}, indent=1, default=str)
        rows.append([html.escape(c["id"]), html.escape(c.get("family", "")), html.escape(c.get("source", "")),
                     f"<b style='color:{color}'>{html.escape(c['status'])}</b>", html.escape(c.get("reason", "")),
                     f"<details><summary>values</summary><pre>{html.escape(detail)}</pre></details>"])
    intro = (f"<p>Scale <b>{html.escape(claims['scale'])}</b>: {html.escape(counts)}. A claim that this scale "
             "cannot judge says <i>skip</i> with the reason, never <i>pass</i>. Source: results/"
             f"{html.escape(claims['scale'])}/claims.json (python -m paper_checks).</p>")
    return _page(f"Claims at scale {claims['scale']}",
                 (controls_html(controls) if controls else "") + (pilot_html(pilot) if pilot else "") + intro
                 + _table(["claim", "family", "paper", "verdict", "reason", "measured / expected"], rows))


def read_benchmarks(directory: Path) -> list[dict]:
    """Every benchmark file under `directory` (Snakemake's `benchmark:` TSV, one row per repeat; the first row
    counts): job = its path below the directory without .tsv, with wall seconds, peak RSS (MB) and CPU seconds."""
    jobs = []
    for path in sorted(directory.rglob("*.tsv")):
        with path.open(newline="") as fh:
            row = next(csv.DictReader(fh, delimiter="\t"), None)
        if row is None:
            continue
        num = lambda key: float(row[key]) if row.get(key) not in (None, "", "NA", "-") else None
        rel = path.relative_to(directory)
        jobs.append({"job": str(rel.with_suffix("")), "family": rel.parts[0] if len(rel.parts) > 1 else rel.stem,
                     "wall_s": num("s"), "max_rss_mb": num("max_rss"), "cpu_s": num("cpu_time")})
    return jobs


def recorded_devices(results: Path) -> dict[str, list[str]]:
    """devices.summary() -> the results that recorded it: every image run's final.json and C1's timings (the
    devices the jobs used, wherever they ran, not the report machine's)."""
    from numerics_of_gans.devices import summary
    found: dict[str, list[str]] = {}
    for path in sorted(results.glob("images/*/final.json")) + sorted(results.glob("step_cost/*.json")):
        info = json.loads(path.read_text()).get("devices")
        if isinstance(info, dict):
            found.setdefault(summary(info), []).append(str(path.relative_to(results).parent if path.name == "final.json"
                                                           else path.relative_to(results)))
    return found


def _fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def metadata_html(scale: str, jobs: list[dict], prov: dict, used: dict[str, list[str]]) -> str:
    """Library versions, hardware, the devices the runs recorded, the wall time per rule family and per job."""
    env = [["python", prov["python"]], ["machine", f"{prov['processor']} ({prov['machine']}), "
                                        f"{prov['cpu_count']} logical CPUs"]]
    env += [[name, version or "not installed"] for name, version in sorted(prov["versions"].items())]
    families: dict[str, list[dict]] = {}
    for job in jobs:
        families.setdefault(job["family"], []).append(job)
    total = lambda js, key: sum(j[key] or 0.0 for j in js)
    fam_rows = [[html.escape(f), str(len(js)), _fmt(total(js, "wall_s") / 60), _fmt(max(j["wall_s"] or 0 for j in js)),
                 _fmt(total(js, "cpu_s") / 60)] for f, js in sorted(families.items())]
    fam_rows.append(["<b>all</b>", str(len(jobs)), _fmt(total(jobs, "wall_s") / 60), "-", _fmt(total(jobs, "cpu_s") / 60)])
    job_rows = [[html.escape(j["job"]), _fmt(j["wall_s"]), _fmt(j["cpu_s"]), _fmt(j["max_rss_mb"], 0)] for j in jobs]
    body = (f"<p>Scale <b>{html.escape(scale)}</b>. Environment of the process that wrote this page (every result "
            "file also records its own, in its <code>provenance</code> field). Wall times are from the rules' "
            "<code>benchmark:</code> files (results/&lt;scale&gt;/benchmarks/); the sum over jobs exceeds the "
            "workflow's wall time when jobs ran side by side.</p>"
            + _table(["", "value"], [[html.escape(k), html.escape(str(v))] for k, v in env])
            + "<h3>Devices the runs used</h3><p>As each image run (final.json) and step-cost timing recorded them.</p>"
            + _table(["devices", "results", "which"], [
                [html.escape(d), str(len(r)), f"<details><summary>list</summary><pre>{html.escape(chr(10).join(r))}"
                                              "</pre></details>"] for d, r in sorted(used.items())] or
                [["none recorded yet", "0", ""]], {1})
            + "<h3>Wall time per rule family</h3>"
            + _table(["family", "jobs", "wall min (sum)", "longest job s", "CPU min (sum)"], fam_rows, {1, 2, 3, 4})
            + "<h3>Every job</h3>" + _table(["job", "wall s", "CPU s", "peak RSS MB"], job_rows, {1, 2, 3}))
    return _page(f"Run metadata at scale {scale}", body)


def write_tables(claims_path: Path, benchmarks: Path, out_claims: Path, out_metadata: Path,
                 controls_path: Path | None = None, pilot_path: Path | None = None) -> None:
    """Write both pages (claims table, run metadata) for the scale named in claims.json; with `controls_path`, the
    claims page shows the positive controls first, with `pilot_path` the pilot after them."""
    claims = json.loads(claims_path.read_text())
    controls = json.loads(controls_path.read_text()) if controls_path else None
    pilot = json.loads(pilot_path.read_text()) if pilot_path else None
    for text, out in ((claims_html(claims, controls, pilot), out_claims),
                      (metadata_html(claims["scale"], read_benchmarks(benchmarks), provenance(),
                                            recorded_devices(claims_path.parent)), out_metadata)):
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(out) as tmp:
            Path(tmp).write_text(text)
