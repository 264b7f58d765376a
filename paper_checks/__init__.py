"""Claim checks: one registered check per claim ID of claims.yaml, judged on results/<scale>/.

    python -m paper_checks --scale smoke          # prints the verdicts (writes claims.json only with --out)
    python -m paper_checks compare reference/cpu  # each claim's status against a recorded reference run
    pytest paper_checks --scale smoke             # fails on any `fail`, skips what the scale cannot judge
"""
