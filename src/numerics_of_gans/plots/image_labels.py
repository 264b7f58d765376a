"""The words and colours of the image figures 4-14 (claims E4-E14), from run results (images.results.RunResult):
the display names of methods, architectures and objectives (the ids are names.METHODS, ARCHITECTURES, OBJECTIVES;
the datasets' names are names.DATASET_LABELS), the methods' fixed colours and order, legend labels, the score's
name, and the statement of what stands in for the paper's data or scorer. No drawing here.
"""
from __future__ import annotations

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.names import CONSENSUS, DATASET_LABELS, METHODS
from numerics_of_gans.plots.style import METHOD_LABELS

# The paper's names of the architectures (Figures 4-14 captions; docs/setup.md maps them to the original code's names).
ARCH_LABELS = {"dcgan3": "DC-GAN, 3 conv (BN)", "dcgan3_nobn": "DC-GAN, 3 conv, no BN",
               "dcgan4": "DC-GAN, 4 conv (BN)", "dcgan4_nobn": "DC-GAN, 4 conv, no BN",
               "dcgan4_nobn_cf": "no BN, constant filters", "conv4": "constant filters + FC in D",
               "resnet_cf": "resnet, constant filters"}
OBJECTIVE_LABELS = {"standard": "standard GAN objective", "js": "Jensen-Shannon", "indicator": "indicator divergence",
                    "kl": "KL divergence", "tv": "total variation"}

_FORMATS = {"method": lambda r: METHOD_LABELS.get(r.method, r.method),
            "gamma": lambda r: f"γ={r.gamma:g}" if r.method in CONSENSUS else "",   # unused by SimGA/AltGA
            "lr": lambda r: f"lr={r.lr:g}",
            "arch": lambda r: ARCH_LABELS.get(r.arch, r.arch),
            "objective": lambda r: OBJECTIVE_LABELS.get(r.objective, r.objective)}


def label(result: RunResult, *fields: str) -> str:
    """A short legend label from the run's settings, e.g. label(result, "method", "gamma") -> "ConOpt, γ=10"."""
    parts = [_FORMATS.get(f, lambda r, f=f: f"{f}={getattr(r, f)}")(result.run) for f in fields]
    return ", ".join(p for p in parts if p)


def method_rank(result: RunResult) -> int:
    """The run's method's place in names.METHODS (SimGA, AltGA, ConOpt, smoothing; a Run has no other)."""
    return METHODS.index(result.run.method)


def legend(text: str, runs: list[RunResult]) -> str:
    """A setting's legend entry with its number of seeds and of diverged seeds, e.g. "ConOpt (3 seeds, 1 diverged)"."""
    n_div = sum(r.diverged for r in runs)
    extra = [f"{len(runs)} seeds"] * (len(runs) > 1) + [f"{n_div} diverged"] * (n_div > 0)
    return text + (f" ({', '.join(extra)})" if extra else "")


def score_name(runs: list[RunResult]) -> str | None:
    """The runs' score name ("inception score" | "classifier score"), None when no run has a score."""
    names = {r.final.get("score_name") for r in runs} | {m.get("score_name") for r in runs for m in r.metrics}
    names.discard(None)
    if not any(m.get("score") is not None for r in runs for m in r.metrics):
        return None
    return " / ".join(sorted(names)) or "score"


def stand_in_note(runs: list[RunResult]) -> str:
    """'' at the paper's setting; else a plain statement of what the figure was made from and what its score is."""
    stand_in = [r for r in runs if r.run.dataset != r.run.paper_dataset or r.run.mock]
    name = score_name(runs)
    notes = []
    if stand_in:
        # the paper's dataset next to what replaced it: the run's own label may name only one of the paper's datasets
        labels = sorted({f"{DATASET_LABELS.get(r.run.paper_dataset, r.run.paper_dataset)} -> "
                         f"{r.final.get('dataset_label') or r.run.dataset}" for r in stand_in})
        notes.append(f"STAND-IN, not the paper's data: {'; '.join(labels)}")
    if name is None:
        notes.append("no score at this scale")
    elif "random weights" in name:     # the rehearsal's Inception-v3: the paper's scorer without its meaning
        notes.append(f"score: {name}, Inception-v3 untrained: plumbing only, its values mean nothing")
    elif name != "inception score":
        notes.append(f"score: {name} of a small stand-in classifier, NOT the inception score, not comparable with "
                     "the paper's numbers")
    return " | ".join(notes)
