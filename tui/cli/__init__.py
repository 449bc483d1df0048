"""The `sgp-template` command line: headless commands and the wizard's entry points."""
