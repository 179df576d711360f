"""`python -m intake.cli …` runs `finsam …`."""

from .app import main

main()
