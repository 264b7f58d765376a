"""`reference` (numerics_of_gans.reference): a finished scale's verdicts, config, controls and small figures copied
into reference/<scale>/ with a record of date, commit and machine; other files there kept; a missing run refused."""
from __future__ import annotations

import json

import matplotlib
import pytest

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.reference import record

matplotlib.use("Agg")


def _run(tmp_path):
    import matplotlib.pyplot as plt
    results, figures = tmp_path / "results", tmp_path / "figures"
    results.mkdir()
    figures.mkdir()
    (results / "claims.json").write_text(json.dumps({"scale": "smoke", "counts": {"pass": 1}, "claims": []}))
    (results / "config.json").write_text("{}")
    fig = plt.figure(figsize=(20, 5))
    fig.savefig(figures / "fig01_x.png", dpi=100)     # 2000 x 500 pixels
    plt.close(fig)
    return results, figures


def test_record_copies_shrinks_and_keeps_other_files(tmp_path):
    from PIL import Image
    results, figures = _run(tmp_path)
    out = tmp_path / "reference" / "smoke"
    out.mkdir(parents=True)
    (out / "pilot.json").write_text("{}")
    info = record("smoke", out, width=400, results=results, figures=figures)
    assert sorted(p.name for p in out.iterdir()) == ["claims.json", "config.json", "figures", "pilot.json",
                                                     "record.json"]
    with Image.open(out / "figures" / "fig01_x.png") as image:
        assert image.size == (400, 100)
    assert info["counts"] == {"pass": 1} and json.loads((out / "record.json").read_text())["figures"] == ["fig01_x.png"]


def test_a_missing_run_is_refused_and_nothing_written(tmp_path):
    out = tmp_path / "reference" / "cpu"
    with pytest.raises(SettingsError, match="scale: cpu has no finished run"):
        record("cpu", out, results=tmp_path / "nowhere", figures=tmp_path / "nowhere")
    assert not out.parent.exists()
