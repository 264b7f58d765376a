"""plots/image_labels.py: the image figures' names, colours, legend labels and stand-in statement, from the ids of
names.py and run results."""
from numerics_of_gans.names import ARCHITECTURES, DATASET_LABELS, METHODS, OBJECTIVES
from numerics_of_gans.plots.image_labels import (ARCH_LABELS, OBJECTIVE_LABELS, label, legend, method_rank,
                                                 score_name, stand_in_note)
from numerics_of_gans.plots.style import METHOD_COLORS, METHOD_LABELS

from .conftest import scores


def test_tables_name_the_ids_of_names_py():
    assert list(METHOD_LABELS) == list(METHOD_COLORS) == list(METHODS)
    assert list(OBJECTIVE_LABELS) == list(OBJECTIVES)
    assert set(ARCH_LABELS) <= set(ARCHITECTURES)
    assert DATASET_LABELS["cifar10"] == "cifar-10" and DATASET_LABELS["celeb_a"] == "celebA"


def test_label_from_the_run(make_result):
    conopt, altga = make_result(), make_result(method="altga", arch="dcgan4")
    assert label(conopt, "method", "gamma") == "ConOpt, γ=10"
    assert label(altga, "method", "gamma") == "AltGA"            # no gamma for AltGA
    assert label(altga, "arch", "lr", "objective") == "DC-GAN, 4 conv (BN), lr=0.0001, standard GAN objective"
    assert label(conopt, "seed") == "seed=0"                      # any other field of the run


def test_methods_in_the_order_of_names_py(make_result):
    ranks = [method_rank(make_result(method=m)) for m in METHODS]
    assert ranks == sorted(ranks) == list(range(len(METHODS)))


def test_legend_counts_seeds_and_divergences(make_result):
    one = [make_result()]
    three = [make_result(seed=0), make_result(seed=1, status="diverged"), make_result(seed=2)]
    assert legend("ConOpt", one) == "ConOpt"
    assert legend("ConOpt", three) == "ConOpt (3 seeds, 1 diverged)"
    assert legend("ConOpt", [make_result(status="diverged")]) == "ConOpt (1 diverged)"


def test_score_name_and_stand_in_note(make_result):
    paper = make_result(scores(2.0))
    assert score_name([paper]) == "inception score" and stand_in_note([paper]) == ""
    assert score_name([make_result([{"step": 1, "d_loss": {"mean": 1.0}}])]) is None
    rehearsal = make_result([{"step": 1, "score": 1.0, "score_name": "inception score (random weights)"}], mock=True)
    rehearsal.final["dataset_label"] = "cifar-10"
    note = stand_in_note([rehearsal])
    assert note.startswith("STAND-IN, not the paper's data: cifar-10 -> cifar-10")   # mock data
    assert "Inception-v3 untrained" in note
    celeba = make_result(scores(2.0), paper_dataset="celeb_a", dataset="digits")
    assert "celebA -> digits" in stand_in_note([celeba])            # no dataset_label: the run's dataset
