"""Every shell command of README.md and docs/*.md works as written: the fenced shell blocks (```bash, ```sh) are
extracted, and each
command is checked by what it is. Cheap ones run (`--help`; Snakemake with `-n` added, a dry run that plans every
job and validates the config); long ones are checked for the existence of every target, subcommand, option and
input path they name. No example writes into a scale's results or figures folder (results/<scale>/, figures/<scale>/
belong to the workflow).

Kinds: `make T [VAR=...]` (T a Makefile target); `[.venv/bin/]snakemake ...` (dry run, unless it names a cluster
profile, whose placeholders must be filled in first: then the profile and its files must exist); `[.venv/bin/]python
-m numerics_of_gans|paper_checks SUB ...` (SUB's --help lists every option used); `python path.py` and `bash path`
(the file exists); other programs (conda, pip, du, apt-get) are not ours and are skipped.
"""
from __future__ import annotations

import functools
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?:bash|sh|shell|console)\n(.*?)^```", re.S | re.M)   # labelled shell blocks
SCALES = ("smoke", "rehearsal", "cpu", "paper")
OUTPUT_OPTIONS = ("--out", "--figure", "--markdown", "--out-claims", "--out-metadata", "--dir")
FOREIGN = {"conda", "pip", "du", "apt-get", "sudo", "git", "cd", "export", "nvidia-smi", "sinfo", "squeue", "cat", "ls"}


def commands(path: Path) -> list[str]:
    """The commands of a document's fenced shell blocks: continuation lines joined, comments and prompts dropped."""
    out = []
    for block in FENCE.findall(path.read_text()):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if line and not line.startswith("#"):
                out.append(line)
    return out


def split(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    while words and "=" in words[0] and not words[0].startswith("-"):   # VAR=value prefixes
        words.pop(0)
    return words


ALL = [(doc.relative_to(ROOT).as_posix(), c) for doc in DOCUMENTS for c in commands(doc)]


@functools.cache
def make_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


@functools.cache
def help_text(module: str, sub: str | None) -> str:
    args = [sys.executable, "-m", module] + ([sub] if sub else []) + ["--help"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args[1:])} failed: {done.stderr[-500:]}"
    return done.stdout


def check_python_module(words: list[str]) -> None:
    module = words[2]
    rest = words[3:]
    sub = rest[0] if rest and not rest[0].startswith("-") else None
    if module == "paper_checks" and sub not in (None, "controls", "compare"):
        sub = None
    if module == "paper_checks.claims_doc":
        sub = None
    text = help_text(module, sub if module == "numerics_of_gans" or sub else None)
    if module == "numerics_of_gans" and sub:
        assert re.search(rf"\b{re.escape(sub)}\b", help_text(module, None)), f"no subcommand {sub}"
    for word in rest:
        option = word.split("=")[0]
        if option.startswith("--"):
            assert option in text, f"{module} {sub or ''}: no option {option}"
    if module == "paper_checks" and sub == "compare":
        assert (ROOT / rest[1]).is_dir(), f"no reference folder {rest[1]}"


def check_snakemake(words: list[str]) -> None:
    if "--profile" in words:
        profile = ROOT / words[words.index("--profile") + 1]
        assert (profile / "config.yaml").is_file() and (profile / "cluster.yaml").is_file(), profile
        return
    args = [Path(sys.executable).with_name("snakemake").as_posix(), "-n", "--quiet", "rules", "--nolock", *words[1:]]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"dry run failed: {done.stderr[-1500:]}"


def writes_into_a_scale(words: list[str]) -> list[str]:
    paths = [words[i + 1] for i, w in enumerate(words[:-1]) if w in OUTPUT_OPTIONS]
    paths += [w.split("=", 1)[1] for w in words if w.split("=")[0] in OUTPUT_OPTIONS and "=" in w]
    return [p for p in paths if re.match(rf"(results|figures)/({'|'.join(SCALES)})/", p)]


@pytest.mark.parametrize("document, command", ALL, ids=[f"{d}:{c[:60]}" for d, c in ALL])
def test_documented_command_works_as_written(document, command):
    words = split(command)
    program = Path(words[0]).name
    assert not writes_into_a_scale(words), f"an example writes into a scale's folder: {command}"
    if program == "make":
        targets = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert set(targets) <= make_targets(), f"no make target {set(targets) - make_targets()}"
    elif program == "snakemake":
        check_snakemake(words)
    elif program.startswith("python") and words[1] == "-m":
        check_python_module(words)
    elif program.startswith("python") or program == "bash":
        assert (ROOT / words[1]).is_file(), f"no file {words[1]}"
    else:
        assert program in FOREIGN, f"unknown program {program!r} in {document}: teach this test to check it"


def test_the_documents_have_commands_and_the_scale_rule_bites():
    assert len(ALL) >= 10
    assert writes_into_a_scale(split("python -m numerics_of_gans train --out results/cpu/images/x"))
    assert not writes_into_a_scale(split("python -m numerics_of_gans train --out scratch/x"))
