"""The netplus command line: thin click commands over library functions, one module per area."""

from pipeline.cli import configuration, decisions, files, network, sources  # noqa: F401 - registers the commands
from pipeline.cli.base import cli

__all__ = ["cli"]
