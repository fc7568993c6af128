"""`python -m cli`: the same as the installed `commons` script."""

from cli.main import commons

commons(prog_name="commons")
