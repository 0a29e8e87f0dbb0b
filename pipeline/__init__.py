"""netplus pipeline: everything after ingestion, plus the CLI (``pipeline.cli``)."""

from pipeline.inspect import FileReport, expand_paths, inspect_file, inspect_files, records_to_json

__all__ = ["FileReport", "expand_paths", "inspect_file", "inspect_files", "records_to_json"]
