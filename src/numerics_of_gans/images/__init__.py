"""Image GANs of the paper (Figures 4-14): data, models, metrics, training and the `train` command."""
