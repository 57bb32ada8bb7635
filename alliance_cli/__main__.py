"""`python -m alliance_cli` runs the same command as the `alliance` console script."""

from alliance_cli.cli import main

main()
