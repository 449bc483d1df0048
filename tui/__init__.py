"""sgp-template-wizard: build SGP model templates in the terminal."""

__version__ = "0.1.0"

APP_NAME = "sgp-template-wizard"
"""The folder name under the platform's config, state, cache and data folders."""
