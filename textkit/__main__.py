"""``python -m textkit``: the same command as ``textkit``."""
import sys

from .cli import main

sys.exit(main())
