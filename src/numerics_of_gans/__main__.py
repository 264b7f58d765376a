"""`python -m numerics_of_gans ...`: see cli.py."""
from numerics_of_gans.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
