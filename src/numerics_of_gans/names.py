"""The names the whole project shares, each list defined once. No imports but the library's names (no TensorFlow):
the CLI (its --help and validation stay instant), the config schema's test, the experiments, the plots and
paper_checks import them from here."""
from consensus_optimization import names as _library

SCALES = ("smoke", "rehearsal", "cpu", "paper")

# the library's (consensus_optimization/names.py): the game optimizers, those with gamma, the objectives
METHODS, CONSENSUS, OBJECTIVES = _library.METHODS, _library.CONSENSUS, _library.OBJECTIVES

# Image experiments (images/): docs/setup.md, "Image experiments"
DATASETS = ("cifar10", "celeb_a", "digits")             # digits: the cpu scale's offline stand-in
DATASET_LABELS = {"cifar10": "cifar-10", "celeb_a": "celebA", "digits": "digits"}   # outputs and figures
PAPER_DATASETS = ("cifar10", "celeb_a")
ARCHITECTURES = ("dcgan3", "dcgan3_nobn", "dcgan4", "dcgan4_nobn", "dcgan4_nobn_cf", "conv3", "conv4",
                 "resnet", "resnet_cf")
THREE_STRIDED = ("dcgan3", "dcgan3_nobn", "conv3")      # 3 strided layers: image side / 8; the others 4: / 16
IMAGE_SIDES = {"cifar10": 32, "celeb_a": 64, "digits": 32}   # RGB; digits: the default of images.common.size
