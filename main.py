"""Skin Recovery Journal: `python main.py --help`."""
import sys

from journal.cli import main

if __name__ == "__main__":
    sys.exit(main())
