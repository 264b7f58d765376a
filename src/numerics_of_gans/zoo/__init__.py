"""The zoo (issue 28, beyond the paper): the game optimizers that came after "The Numerics of GANs" (SGA,
extragradient, optimistic gradient, negative momentum, lookahead, CGD, and the discriminator regularisers R1, R2,
instance noise and WGAN-GP) compared with SimGA, AltGA and consensus optimization on the same games: the Dirac-GAN
and the bilinear game x^T A y (games.py, each with its equilibrium and the closed-form eigenvalues of the Jacobian
there) and the paper's mixture of Gaussians. Importing the package imports nothing heavy."""
