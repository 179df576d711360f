"""`python -m intake.cli …` runs `finsam …`."""

from . import main

main()
