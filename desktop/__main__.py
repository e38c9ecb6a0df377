"""`python -m desktop` behaves exactly like the `barchasb` command."""

import sys

from desktop.cli import main

sys.exit(main())
