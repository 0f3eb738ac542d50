"""``python -m whosaid`` runs the command line, as ``whosaid`` does (for environments without the script on PATH)."""

import sys

from .cli import main

sys.exit(main())
