"""The mixture-of-Gaussians experiment (Section 5, Figures 2 and 3; claims E2, E3): the model and its data
(model.py), training (train.py), sample metrics (metrics.py), the Jacobian spectra of Figure 3 (spectrum.py) and the
`mog-train`, `mog-spectrum` and `plot-mog` commands (command.py). Importing the package imports nothing heavy."""
