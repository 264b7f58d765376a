"""Image GANs of the paper (Figures 4-14): data, models, scores (IS/FID), the Inception network, the stand-in
classifier, training and the `train` command."""
