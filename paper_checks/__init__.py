"""Claim checks: one registered check per claim ID of claims.yaml, judged on results/<scale>/.

    python -m paper_checks --scale smoke          # writes results/smoke/claims.json
    pytest paper_checks --scale smoke             # fails on any `fail`, skips what the scale cannot judge
"""
