"""`python -m ideas ...`"""
import sys

from ideas.tooling.cli import main

sys.exit(main())
