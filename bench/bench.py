"""make bench: generates large inputs (not committed) and prints speed and peak memory.

Each measurement runs in a fresh Python process so its peak RSS belongs to that step alone.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import connections_csv, google_csv, vcard_file  # noqa: E402

# Each step reads its inputs first, then times only the work it names.
_PRELUDE = """
import json, resource, sys, time
import pandas as pd
import connectors
paths = sys.argv[2:]
"""
_STEPS = {
    "read": """
start = time.perf_counter()
records = pd.concat([connectors.read(path).records for path in paths], ignore_index=True)
""",
    "normalize": """
from pipeline.normalize import normalize
records = pd.concat([connectors.read(path).records for path in paths], ignore_index=True)
start = time.perf_counter()
normalize(records, region="US")
""",
}
_REPORT = """
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": len(records), "seconds": seconds, "peak_mb": peak_mb}))
"""


def measure(step: str, *paths: Path) -> dict[str, float]:
    code = _PRELUDE + _STEPS[step] + _REPORT
    output = subprocess.run(
        [sys.executable, "-c", code, step, *map(str, paths)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def row(label: str, result: dict[str, float]) -> None:
    rate = result["records"] / result["seconds"]
    print(f"{label:<32} {result['records']:>9,.0f} {result['seconds']:>8.2f} {rate:>10,.0f} {result['peak_mb']:>8.0f}")


def main() -> None:
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    print(f"{'step':<32} {'records':>9} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="netplus-bench-") as folder:
        work = Path(folder)
        row("read LinkedIn Connections.csv", measure("read", connections_csv(work / "Connections.csv", 100_000)))
        row("read Google CSV (51 columns)", measure("read", google_csv(work / "google.csv", 100_000)))
        row("read vCard 3.0", measure("read", vcard_file(work / "contacts.vcf", 20_000)))
        mixed = [
            connections_csv(work / "mixed_li.csv", 40_000, seed=4),
            google_csv(work / "mixed_g.csv", 40_000, seed=5),
            vcard_file(work / "mixed.vcf", 20_000, seed=6),
        ]
        row("normalize (mixed sources)", measure("normalize", *mixed))


if __name__ == "__main__":
    main()
