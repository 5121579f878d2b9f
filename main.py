"""Skin Recovery Journal: `python main.py --help`."""
from journal.cli import run

if __name__ == "__main__":
    run()
