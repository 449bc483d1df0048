"""`python -m tui` runs the `sgp-template` command."""

import sys

from tui.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
