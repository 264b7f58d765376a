"""plots/image_layouts.py: the sample, loss and score layouts of Figures 4-14, with the seeds of a setting grouped by
images.results.by_setting (as the verdicts group them)."""
import matplotlib.pyplot as plt
import pytest

from numerics_of_gans.plots import image_layouts
from numerics_of_gans.plots.image_layouts import loss_figure, match, panels_by, sample_figure, score_figure

from .conftest import scores


@pytest.fixture
def drawn(monkeypatch):
    """The figures the layouts finish, instead of saving them."""
    figures = []
    monkeypatch.setattr(image_layouts, "finish", lambda fig, title, runs, pdf, scale: figures.append(fig))
    yield figures
    for fig in figures:
        plt.close(fig)


def test_match_and_panels_by_read_the_run(make_result):
    runs = [make_result(arch="dcgan4"), make_result(arch="dcgan4", seed=1), make_result(arch="dcgan3")]
    assert match(runs[0], {"arch": "dcgan4", "seed": 0}) and not match(runs[1], {"arch": "dcgan4", "seed": 0})
    assert not match(runs[0], {"no_such_field": 1})
    assert panels_by(runs, "arch") == [("DC-GAN, 4 conv (BN)", {"arch": "dcgan4"}),
                                       ("DC-GAN, 3 conv (BN)", {"arch": "dcgan3"})]


def test_score_lines_are_settings_over_their_seeds_in_method_order(drawn, make_result):
    runs = [make_result(scores(3.0, 4.0)), make_result(scores(1.0, 2.0), method="altga"),
            make_result(scores(5.0, 6.0), seed=1)]
    score_figure({"runs": runs}, [("(a)", {"arch": "dcgan4_nobn"})], "method", "Figure", None, None,
                 line_fields=("method", "gamma"))
    (ax, *_), = [f.axes for f in drawn]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["AltGA", "ConOpt, γ=10 (2 seeds)"]


def test_runs_outside_the_panels_get_their_own(drawn, make_result):
    runs = [make_result(scores(1.0)), make_result(scores(2.0), arch="dcgan3")]
    score_figure({"runs": runs}, [("(a)", {"arch": "dcgan4_nobn"})], "method", "Figure", None, None)
    assert [ax.get_title() for ax in drawn[0].axes] == ["(a)", "DC-GAN, 3 conv (BN), standard GAN objective"]


def test_sample_rows_repeat_per_seed(drawn, make_result):
    runs = [make_result(seed=0), make_result(seed=1)]
    sample_figure({"runs": runs}, [("ConOpt", {"method": "conopt"})], [("(a)", {})], "Figure", None, None)
    assert [ax.get_ylabel() for ax in drawn[0].axes] == ["ConOpt, seed 0", "ConOpt, seed 1"]


def test_loss_figure_draws_altga_before_conopt(drawn, make_result):
    loss = [{"step": 1000, "d_loss": {"mean": 1.0, "min": 0.5, "max": 1.5}, "g_loss": {"mean": 2.0, "min": 1.0,
                                                                                       "max": 3.0}}]
    runs = [make_result(loss), make_result(loss, method="altga", arch="dcgan4")]
    loss_figure({"runs": runs}, "Figure", None, None)
    legend = drawn[0].axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["AltGA, DC-GAN, 4 conv (BN)", "ConOpt, DC-GAN, 4 conv, no BN"]
