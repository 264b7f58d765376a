# Mixture of Gaussians, Figures 2 and 3 (claims E2, E3). The training and eigenvalue rules land with issue #3;
# until then the figure jobs fail with a message (rule figure_not_implemented in rules/images.smk).
