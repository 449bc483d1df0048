"""One module per command: `add_arguments(parser)` (cheap) and `run(args) -> int` (does the
work, importing anything heavy only when it runs)."""
