"""sgp-template-wizard: build SGP model templates in the terminal."""

__version__ = "0.1.0"
