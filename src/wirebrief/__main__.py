"""`python -m wirebrief`: the `wirebrief` command, for where the script is not on PATH."""
import sys

from .cli import main

sys.exit(main())
