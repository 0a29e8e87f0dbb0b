"""make bench: generates large inputs (not committed) and prints speed and peak memory.

Each measurement runs in a fresh Python process so peak RSS belongs to that step alone.
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

_MEASURE = """
import json, resource, sys, time
import connectors
start = time.perf_counter()
result = connectors.read(sys.argv[1], source=sys.argv[2])
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": len(result.records), "seconds": seconds, "peak_mb": peak_mb}))
"""


def measure(path: Path, source: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), source], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="netplus-bench-") as folder:
        work = Path(folder)
        cases = [
            ("LinkedIn Connections.csv", connections_csv(work / "Connections.csv", 100_000), "linkedin"),
            ("Google CSV (old, 51 cols)", google_csv(work / "google.csv", 100_000), "csv"),
            ("vCard 3.0", vcard_file(work / "contacts.vcf", 20_000), "vcard"),
        ]
        print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
        print(f"{'connector input':<28} {'records':>9} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
        for label, path, source in cases:
            result = measure(path, source)
            rate = result["records"] / result["seconds"]
            print(
                f"{label:<28} {result['records']:>9,} {result['seconds']:>8.2f} {rate:>10,.0f} "
                f"{result['peak_mb']:>8.0f}"
            )


if __name__ == "__main__":
    main()
