"""The netplus command line: thin click commands over library functions, one module per area."""

from pipeline.cli import (  # noqa: F401 - registers the commands
    categories,
    configuration,
    decisions,
    export,
    files,
    network,
    networking,
    sources,
)
from pipeline.cli.base import cli

__all__ = ["cli"]
