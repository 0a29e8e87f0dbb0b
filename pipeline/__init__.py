"""netplus pipeline: everything after ingestion, plus the CLI (``pipeline.cli``).

The public API; the modules behind it are internal.
"""

from pipeline.block import DEFAULT_RULES, BlockingRule, block
from pipeline.cluster import cluster
from pipeline.compare import DEFAULT_COMPARISONS, Comparison, compare
from pipeline.dedupe import DedupeResult, dedupe, explain, train_weights
from pipeline.inspect import FileReport, expand_paths, inspect_file, inspect_files, load_records, records_to_json
from pipeline.merge import Survivorship, merge
from pipeline.normalize import NORMALIZED_COLUMNS, normalize
from pipeline.score import MatchSettings, estimate, score

__all__ = [
    "DEFAULT_COMPARISONS",
    "DEFAULT_RULES",
    "NORMALIZED_COLUMNS",
    "BlockingRule",
    "Comparison",
    "DedupeResult",
    "FileReport",
    "MatchSettings",
    "Survivorship",
    "block",
    "cluster",
    "compare",
    "dedupe",
    "estimate",
    "expand_paths",
    "explain",
    "inspect_file",
    "inspect_files",
    "load_records",
    "merge",
    "normalize",
    "records_to_json",
    "score",
    "train_weights",
]
