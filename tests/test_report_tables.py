"""The report's claims table and run metadata pages (numerics_of_gans.report_tables)."""
import json

from numerics_of_gans.cli import main
from numerics_of_gans.report_tables import (claims_html, metadata_html, read_benchmarks, recorded_devices,
                                            write_tables)

CLAIMS = {"scale": "cpu", "counts": {"pass": 1, "skip": 1},
          "claims": [{"id": "E2", "family": "mog", "source": "Figure 2", "status": "pass",
                      "measured": {"modes": [8, 7]}, "expected": {"modes_at_least": 7}, "reason": "held: 8 > 7 <ok>"},
                     {"id": "E6", "family": "images", "source": "Figure 6", "status": "skip", "reason": "stand-in"}]}
TSV = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n12.5\t0:00:12\t700.1\t1\t1\t1\t0\t0\t90\t20.0\n"


def test_claims_table_has_every_claim_escaped():
    page = claims_html(CLAIMS)
    assert page.count("<tr>") == 3 and "held: 8 &gt; 7 &lt;ok&gt;" in page and "<ok>" not in page
    assert "1 pass, 1 skip" in page and "&quot;modes_at_least&quot;: 7" in page


def test_benchmarks_are_read_and_summed_per_family(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "run-a.tsv").write_text(TSV)
    (tmp_path / "images" / "run-b.tsv").write_text(TSV)
    (tmp_path / "claims.tsv").write_text(TSV)
    (tmp_path / "empty.tsv").write_text("s\th:m:s\n")
    jobs = read_benchmarks(tmp_path)
    assert [j["job"] for j in jobs] == ["claims", "images/run-a", "images/run-b"]
    assert jobs[1] == {"job": "images/run-a", "family": "images", "wall_s": 12.5, "max_rss_mb": 700.1, "cpu_s": 20.0}
    prov = {"python": "3.11", "machine": "x86_64", "processor": "x86_64", "cpu_count": 2,
            "versions": {"tensorflow": "2.21.0", "snakemake": None}}
    page = metadata_html("cpu", jobs, prov, {})
    assert "<td>images</td><td class='num'>2</td><td class='num'>0.4</td>" in page      # 25 s = 0.4 min
    assert "not installed" in page and "2.21.0" in page


def test_command_writes_both_pages_and_refuses_missing_claims(tmp_path, capsys):
    out_c, out_m = tmp_path / "r" / "claims.html", tmp_path / "r" / "meta.html"
    args = ["report-tables", "--benchmarks", str(tmp_path), "--out-claims", str(out_c), "--out-metadata", str(out_m)]
    assert main(args + ["--claims", str(tmp_path / "nope.json")]) == 2
    assert "claims:" in capsys.readouterr().err and not out_c.exists()
    (tmp_path / "claims.json").write_text(json.dumps(CLAIMS))
    write_tables(tmp_path / "claims.json", tmp_path, out_c, out_m)
    assert out_c.read_text().startswith("<!DOCTYPE html>") and "Run metadata at scale cpu" in out_m.read_text()


def test_the_devices_are_those_the_runs_recorded(tmp_path):
    gpu = {"gpus": [{"name": "NVIDIA A100", "compute_capability": "8.0"}], "cuda_version": "12.5.1",
           "cudnn_version": "9", "tf32": True, "cuda_build": True}
    for run in ("run-a", "run-b"):
        (tmp_path / "images" / run).mkdir(parents=True)
        (tmp_path / "images" / run / "final.json").write_text(json.dumps({"devices": gpu}))
    (tmp_path / "step_cost").mkdir()
    (tmp_path / "step_cost" / "mog.json").write_text(json.dumps({"devices": {"gpus": [], "cuda_build": True}}))
    used = recorded_devices(tmp_path)
    assert used == {"1 GPU: NVIDIA A100 (cc 8.0); CUDA 12.5.1, cuDNN 9, TF32 on": ["images/run-a", "images/run-b"],
                    "CPU only": ["step_cost/mog.json"]}
    page = metadata_html("paper", [], {"python": "3.11", "machine": "x", "processor": "x", "cpu_count": 2,
                                       "versions": {}}, used)
    assert "NVIDIA A100 (cc 8.0)" in page and "images/run-b" in page


def test_positive_controls_are_shown_before_the_claims(tmp_path):
    """The stand-in's positive controls (results/<scale>/controls.json) head the claims page."""
    controls = {"scale": "cpu", "passed": False, "seeds": [100, 101, 102], "controls": [
        {"control": "classifier held-out accuracy", "kind": "classifier", "measured": 0.9, "relation": ">=",
         "bound": 0.95, "ok": False},
        {"control": "cifar10-dcgan4-standard-simga-lr0.0001-px16-n2000", "kind": "run", "measured": None,
         "relation": ">=", "bound": 4.19, "ok": False}]}
    page = claims_html(CLAIMS, controls)
    assert page.index("Positive controls") < page.index("<table>") < page.index("Scale <b>cpu</b>")
    assert "0.900" in page and "&gt;= 0.950" in page and "<td class='num'>none</td>" in page
    assert "Positive controls" not in claims_html(CLAIMS)
    (tmp_path / "claims.json").write_text(json.dumps(CLAIMS))
    (tmp_path / "controls.json").write_text(json.dumps(controls))
    out_c, out_m = tmp_path / "claims.html", tmp_path / "meta.html"
    assert main(["report-tables", "--claims", str(tmp_path / "claims.json"), "--controls",
                 str(tmp_path / "controls.json"), "--benchmarks", str(tmp_path), "--out-claims", str(out_c),
                 "--out-metadata", str(out_m)]) == 0
    assert "Positive controls" in out_c.read_text()


def test_the_pilot_that_chose_the_settings_follows_the_controls(tmp_path):
    """The pilot's record (reference/cpu/pilot.json, as the workflow finds it) after the controls: every candidate,
    its projection, its outcome and the control runs' medians; a missing record is refused, naming the option."""
    from numerics_of_gans import paths
    pilot = json.loads((paths.ROOT / "reference" / "cpu" / "pilot.json").read_text())
    controls = {"scale": "cpu", "passed": True, "seeds": [100, 101, 102], "controls": []}
    page = claims_html(CLAIMS, controls, pilot)
    assert page.index("Positive controls") < page.index("The pilot that chose") < page.index("Scale <b>cpu</b>")
    assert page.count("<td>k") == len(pilot["candidates"])
    assert "k4-n2000-px16 passed every control" in page and "not run: over the budget: projected 432 min" in page
    assert "cifar10-dcgan4-standard-simga-lr0.0004-px16-n2000: 5.76" in page
    (tmp_path / "claims.json").write_text(json.dumps(CLAIMS))
    args = ["report-tables", "--claims", str(tmp_path / "claims.json"), "--benchmarks", str(tmp_path),
            "--out-claims", str(tmp_path / "c.html"), "--out-metadata", str(tmp_path / "m.html")]
    assert main(args + ["--pilot", str(tmp_path / "none.json")]) == 2 and not (tmp_path / "c.html").exists()
