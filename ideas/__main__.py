"""`python -m ideas ...`"""
import sys

from ideas.cli import main

sys.exit(main())
