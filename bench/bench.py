"""make bench: generates large inputs (not committed) and prints speed and peak memory.

Each measurement runs in a fresh Python process so its peak RSS belongs to that step alone.
"""

from __future__ import annotations

import json
import os
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
_DEDUPE_PRELUDE = """
import json, resource, sys, time
from itertools import combinations
import pandas as pd
sys.path.insert(0, sys.argv[1])
from accuracy import febrl, predicted_pairs, read_with_labels, scores
from pipeline.dedupe import dedupe, prepare
which, size = sys.argv[2], int(sys.argv[3])
if which == "people":
    # records arrive from a file, as a connector hands them over: the generator's own garbage
    # (a million row dicts) stayed in the process that wrote the file
    import pickle
    with open(sys.argv[4], "rb") as handle:
        records = pickle.load(handle)
    truth = None  # built after dedupe from the records' labels, so it is not in dedupe's peak
    region = "US"
else:
    import tempfile, pathlib
    paths, truth = febrl(pathlib.Path(tempfile.mkdtemp()), which)
    records, labels = read_with_labels(paths, "rec_id")
    region = "AU"
prepared = prepare(records, region)
del records
import gc; gc.collect()
before_mb = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() / 2**20
start = time.perf_counter()
result = dedupe(prepared, region=region)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the scoring's bookkeeping
if truth is None:
    labels = prepared["record_id"]
    truth = set()
    for _, ids in labels.groupby(prepared["extra"].map(lambda extra: extra["person"])):
        truth.update(tuple(sorted(pair)) for pair in combinations(ids.tolist(), 2))
quality = scores(truth, predicted_pairs(labels, result.clusters))
print(json.dumps({"records": len(prepared), "seconds": seconds, "peak_mb": peak_mb, "before_mb": before_mb,
                  "pairs": result.candidates,
                  "precision": quality.precision, "recall": quality.recall, "f1": quality.f1,
                  "timings": result.timings}))
"""


_STORE = """
import json, random, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generate import connections_csv
from pipeline.run import import_files
from pipeline.store import Store
work = Path(tempfile.mkdtemp())
path = connections_csv(work / "Connections.csv", int(sys.argv[2]))
store = Store(work / "network.db")
results = {}
for step in ("first import", "same files again", "1% of records changed"):
    if step == "1% of records changed":
        lines = path.read_text().splitlines(keepends=True)
        for i in random.Random(1).sample(range(5, len(lines)), len(lines) // 100):
            lines[i] = lines[i].rstrip("\\n") + " (edited)\\n"
        path.write_text("".join(lines))
    start = time.perf_counter()
    report = import_files([path], store, region="US")
    results[step] = {"seconds": time.perf_counter() - start, "new": report.records_new,
                     "changed": report.records_changed, "unchanged": report.records_unchanged}
print(json.dumps(results))
"""


def measure_store(size: int) -> dict[str, dict[str, float]]:
    output = subprocess.run(
        [sys.executable, "-c", _STORE, str(Path(__file__).resolve().parent), str(size)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


_GENERATE = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from people import generate
with open(sys.argv[3], "wb") as handle:
    pickle.dump(generate(int(sys.argv[2])), handle, protocol=pickle.HIGHEST_PROTOCOL)
"""


def measure_dedupe(which: str, size: int = 0) -> dict[str, object]:
    here = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="netplus-bench-") as folder:
        records = str(Path(folder) / "records.pickle")
        if which == "people":
            subprocess.run([sys.executable, "-c", _GENERATE, here, str(size), records], check=True)
        output = subprocess.run(
            [sys.executable, "-c", _DEDUPE_PRELUDE, here, which, str(size), records],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(output)


def dedupe_row(label: str, result: dict[str, object]) -> None:
    print(
        f"{label:<24} {result['records']:>9,} {result['pairs']:>11,} {result['seconds']:>8.1f} "
        f"{result['peak_mb']:>8.0f} {result['before_mb']:>8.0f} {result['precision']:>9.4f} "
        f"{result['recall']:>7.4f} {result['f1']:>7.4f}"
    )


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


from categorize_quality import LABELLED, evaluate  # noqa: E402 - bench/ is the script's folder
from categorize_quality import speed as categorize_speed  # noqa: E402
from export_speed import export_speed, html_filter_ms  # noqa: E402
from suggest_speed import suggest_speed  # noqa: E402


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
    print()
    print("dedupe (block -> merge on normalized records; peak MB: the whole process; data MB: what the")
    print("normalized records alone held before dedupe started)")
    print(
        f"{'data':<24} {'records':>9} {'pairs':>11} {'seconds':>8} {'peak MB':>8} {'data MB':>8} "
        f"{'precision':>9} {'recall':>7} {'F1':>7}"
    )
    dedupe_row("Febrl3", measure_dedupe("febrl3"))
    dedupe_row("Febrl4 (union of A, B)", measure_dedupe("febrl4"))
    sizes = [int(s) for s in os.environ.get("NETPLUS_BENCH_SIZES", "10000,100000,1000000").split(",")]
    largest = None
    for size in sizes:
        largest = measure_dedupe("people", size)
        dedupe_row("generated people", largest)
    print()
    print(
        f"{'store: LinkedIn Connections.csv':<32} {'records':>9} {'seconds':>8} {'new':>8} {'changed':>8} "
        f"{'unchanged':>9}"
    )
    for step, numbers in measure_store(100_000).items():
        print(
            f"{step:<32} {100_000:>9,} {numbers['seconds']:>8.2f} {numbers['new']:>8,} {numbers['changed']:>8,} "
            f"{numbers['unchanged']:>9,}"
        )
    if largest is not None:
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in largest["timings"].items() if k != "normalize")
        print(f"where the time goes at {largest['records']:,} records: {stages}")
    print()
    quality = evaluate()
    print(f"categorize: {LABELLED.name}, {quality['examples']} (title, organization) examples, top category")
    print(f"{'category':<20} {'examples':>8} {'precision':>9} {'recall':>7} {'F1':>6}")
    for category, v in quality["per_category"].items():
        print(f"{category:<20} {v['examples']:>8} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['f1']:>6.3f}")
    print(f"{'macro-F1':<20} {'':>8} {'':>9} {'':>7} {quality['macro_f1']:>6.3f}")
    fast = categorize_speed()
    print(f"categorize {fast['contacts']:,} contacts: {fast['seconds']:.2f} s, {fast['per_second']:,.0f} contacts/s")
    print()
    print(f"{'export (shareable fields)':<26} {'contacts':>9} {'seconds':>8} {'MB':>7}")
    for result in export_speed():
        print(f"{result['format']:<26} {result['contacts']:>9,} {result['seconds']:>8.2f} {result['mb']:>7.1f}")
    filtering = html_filter_ms()
    shown = f"{filtering:.0f} ms per keystroke" if filtering is not None else "not measured (no chromium here)"
    print(f"HTML page with 5,000 contacts, search filter in headless Chromium: {shown}")
    ranked = suggest_speed()
    print(
        f"suggest: {ranked['contacts']:,} contacts, {ranked['needs']:,} open needs ranked in {ranked['seconds']:.2f} s "
        "(index built once, contacts already in memory)"
    )


if __name__ == "__main__":
    main()
