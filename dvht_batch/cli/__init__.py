"""The command line: a thin click layer over the library (one module per command), usage messages and terminal output."""
from dvht_batch.cli.app import cli, main

__all__ = ["cli", "main"]
