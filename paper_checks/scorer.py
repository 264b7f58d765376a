"""What the image claims' final scores are read against (E4-E14, paper_checks/checks/image_*.py): the `Scorer` of a
scale (the paper's inception-score thresholds, or the same thresholds mapped onto the stand-in classifier's scale)
and the training status of a cell (`training`, `statuses`), one definition for every verdict.

The paper prints no inception-score values (they are only in the plots of Figures 5, 7, 8, 11-14), so the absolute
thresholds are this file's, each with its source and reasoning. With several seeds of a setting, a threshold applies
to the seeds' mean minus 2 standard errors, and a difference must also exceed 2 SE of the difference of the means.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.stats import lower
from paper_checks.image_results import PUBLISHED_REAL_SCORE, calibration, scores, standin_calibration
from paper_checks.registry import Context, Verdict

MIN_SEEDS_STANDIN = 3         # a band over seeds needs >= 3 of them (as E3)
# A trained cifar-10 model: final IS >= 5. Sources: real cifar-10 scores 11.24 (Salimans et al. 2016, Table 2);
# unsupervised models of the DC-GAN era score 5.3-6.2 (Gulrajani et al. 2017, Table 3: ALI 5.34, BEGAN 5.62, DC-GAN
# 6.16); a collapsed or noise generator scores about 1-3. 5 lies between, just below those models. The paper prints
# no IS values (only its plots): this threshold is this file's, not the paper's.
IS_TRAINED = 5.0
# "A better than B" on final IS: by more than 0.5, about 10% of a trained model's IS. Source: none measured; the
# paper's runs are single seeds, and Salimans et al. report split stds of 0.07-0.12 for one model's 50000 samples,
# so 0.5 is a floor on top of the 2 SE over seeds, chosen before any paper-scale run.
IS_RANK_BAND = 0.5
IS_MUCH_BETTER = 1.0          # E11 "much better end results": by more than twice the ranking band
COLLAPSED_IS = 1.0            # the inception score of a generator collapsed onto one image: exp(0)
STANDIN_LABEL = "stand-in (digits, classifier score)"


@dataclass(frozen=True)
class Scorer:
    """What a final score is read against at this scale. Paper: the inception score and the thresholds above. The
    stand-in: each threshold mapped linearly from the inception score's scale (COLLAPSED_IS for a collapsed
    generator, the published real cifar-10 score) onto the stand-in classifier's (its score of real digits of one
    class, of real digits; measured by train-classifier at the evaluation's sample count), so that "trained" sits as
    far between collapse and real data on either scale. Introduced on 2026-11-30, after the 3-seed stand-in runs of
    Figures 5 and 10 (2026-11-23, judged then with other thresholds) and before the 3-seed runs of Figures 4, 6, 7,
    9, 11 and 14 (docs/images.md: "Criteria changed after results were seen")."""
    label: str            # what a verdict was judged on
    short: str            # "IS" or "score", in the assertions' text
    collapsed: float      # the score of a generator collapsed onto one mode
    trained: float        # a trained model's final score is at least this
    band: float           # "A better than B": by more than this (or 2 SE of the difference, if larger)
    much_better: float    # E11's "much better"
    calibration: dict
    min_seeds: int        # seeds per cell a verdict needs (paper: the paper's single runs)

    @classmethod
    def of(cls, ctx: Context, mode: str) -> "Scorer":
        if mode == "paper":
            cal = calibration(ctx)[0] if ctx.config["images"]["calibration"] else {}
            return cls("inception score", "IS", COLLAPSED_IS, IS_TRAINED, IS_RANK_BAND, IS_MUCH_BETTER, cal, 1)
        cal = standin_calibration(ctx)
        low, high = cal["one_class"]["score"], cal["real"]["score"]
        per_is = (high - low) / (PUBLISHED_REAL_SCORE["score"] - COLLAPSED_IS)
        trained = low + (IS_TRAINED - COLLAPSED_IS) * per_is
        mapping = {"trained": trained, "band": IS_RANK_BAND * per_is, "much_better": IS_MUCH_BETTER * per_is,
                   "from": f"the inception-score thresholds ({IS_TRAINED}, {IS_RANK_BAND}, {IS_MUCH_BETTER}) mapped "
                           f"from [{COLLAPSED_IS}, {PUBLISHED_REAL_SCORE['score']}] onto [one_class, real]"}
        return cls(STANDIN_LABEL, "score", low, trained, mapping["band"], mapping["much_better"],
                   {**cal, "thresholds": mapping}, MIN_SEEDS_STANDIN)

    @property
    def standin(self) -> bool:
        return self.label == STANDIN_LABEL

    def _labelled(self, verdict: Verdict) -> Verdict:
        if self.standin:
            verdict.reason = f"{STANDIN_LABEL}: {verdict.reason}"
        return verdict

    def judge(self, assertions: dict[str, bool], measured: dict, expected: dict) -> Verdict:
        measured = {**measured, "judged_on": self.label}
        if self.calibration:
            measured["scorer_calibration"] = self.calibration
        return self._labelled(Verdict.judge(assertions, measured, expected))

    def skip(self, reason: str, measured: dict | None = None) -> Verdict:
        return self._labelled(Verdict("skip", measured, None, reason))


TRAINED, FAILED, UNDECIDED = "trained", "failed", "undecided"


def training(sc: Scorer, group: list[RunResult]) -> str:
    """Whether a cell trained, in one definition for every verdict, so that no two verdicts can call one cell
    trained and failed (paper_checks/consistency.py checks claims.json for it): "trained" when its seeds' mean final
    score minus 2 SE reaches the scorer's trained threshold, "failed" when their mean lies below it (a diverged run
    scores FAILED_SCORE), "undecided" in between."""
    xs = scores(group)
    return TRAINED if lower(xs) >= sc.trained else FAILED if statistics.fmean(xs) < sc.trained else UNDECIDED


def statuses(sc: Scorer, groups: list[list[RunResult]]) -> dict[str, str]:
    """measured["training"]: the training status of each cell a verdict's assertions rest on, by setting id (the
    assertions read it from here, so that what a verdict records is what it judged)."""
    return {cell(g): training(sc, g) for g in groups}


def cell(group: list[RunResult]) -> str:
    return group[0].run.setting_id
