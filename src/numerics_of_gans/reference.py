"""`reference`: record a finished scale's run as reference results (reference/<scale>/), small enough to track in git,
so that a later run can be compared with it (`python -m paper_checks compare reference/<scale>`).

    python -m numerics_of_gans reference --scale smoke --out reference/smoke

Copies results/<scale>/claims.json, config.json (the configuration the workflow ran with, every override included)
and controls.json where the scale has positive controls, and every figure of figures/<scale>/ as a PNG at most
`--width` pixels wide; writes record.json with the date, the commit, the machine and the libraries (io.provenance).
Other files of the folder (the cpu scale's pilot.json) stay. Refuses to record a scale whose run is missing, and
builds everything in a temporary folder first, so a failed recording leaves the previous reference intact.
"""
from __future__ import annotations

import datetime
import json
import platform
import shutil
import subprocess
from pathlib import Path

from numerics_of_gans import paths
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.io import provenance, write_json


def _commit() -> str | None:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.ROOT,
                           capture_output=True, text=True).stdout.strip()
    return (done.stdout.strip() + ("+uncommitted changes" if dirty else "")) if done.returncode == 0 else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _small_png(source: Path, target: Path, width: int) -> None:
    from PIL import Image   # matplotlib's own dependency
    with Image.open(source) as image:
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        # 256 colours: the sample grids are near-grey; full RGBA made reference/cpu 13 MB, this 4 MB
        image.convert("RGB").quantize(256).save(target, optimize=True)


def record(scale: str, out: Path, width: int = 900, results: Path | None = None, figures: Path | None = None) -> dict:
    """Write the reference folder `out` for `scale`; returns its record."""
    results = results or paths.ROOT / "results" / scale
    figures = figures or paths.ROOT / "figures" / scale
    missing = [p for p in (results / "claims.json", results / "config.json") if not p.is_file()]
    if missing:
        raise SettingsError(f"scale: {scale} has no finished run ({', '.join(map(str, missing))} missing): run "
                            f"`snakemake --cores all --config scale={scale}` first")
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "figures").mkdir(parents=True)
    copied = [name for name in ("claims.json", "config.json", "controls.json") if (results / name).is_file()]
    for name in copied:
        shutil.copyfile(results / name, tmp / name)
    pngs = sorted(figures.glob("*.png"))
    for png in pngs:
        _small_png(png, tmp / "figures" / png.name, width)
    counts = json.loads((results / "claims.json").read_text()).get("counts")
    info = {"scale": scale, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": _commit(), "cpu": cpu_model(), "counts": counts, "figures": [p.name for p in pngs],
            "png_width_max": width, "provenance": provenance()}
    write_json(tmp / "record.json", info)
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "figures", ignore_errors=True)
    for item in tmp.iterdir():
        item.replace(out / item.name)
    tmp.rmdir()
    return info
