"""Measure the peak memory of ``finish_build`` over synthetic partitions (run by test_streaming_build).

    python tests/streaming_memory.py write FOLDER N     # N synthetic documents, in partitions of 500
    python tests/streaming_memory.py finish FOLDER OUT  # prints {"python_peak": bytes, "maxrss": kB}

Runs of sorted rows, bulk loads and the view's evidence per tie are made small so that a few
hundred documents already fill them, as a large corpus fills the default ones; the actors and
ties are few, so they stop growing too: then the peak must not grow with the documents.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def write(folder: str, n: int) -> None:
    from graphkit.partitions import PartitionWriter
    from graphkit.resolution import ActorResolver
    from tests.partition_corpus import TINY, resolved_results

    writer = None
    for i, (result, merges) in enumerate(resolved_results(n, ActorResolver(), pool=TINY)):
        if i % 500 == 0:
            if writer is not None:
                writer.close()
            writer = PartitionWriter(folder, f"part-{i // 500:05d}").__enter__()
        writer.add(result, merges)
    writer.close()


def finish(folder: str, out: str) -> None:
    import graphkit.partitions as partitions

    partitions._RUN, partitions.BULK_CHUNK, partitions.VIEW_EVIDENCE = 20_000, 5_000, 2
    partitions._JsonLdSorter.RUN = int(os.environ.get("JSONLD_RUN", "20"))
    # the modules a build uses imported first: the peak is the build's own
    import graphkit.network.from_store  # noqa: F401
    import graphkit.view  # noqa: F401
    import graphkit.writers.gephi  # noqa: F401
    import graphkit.writers.table  # noqa: F401

    tracemalloc.start()
    partitions.finish_build(folder, out, formats=["ttl", "graphml", "jsonld"], html=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"python_peak": peak, "maxrss": maxrss}))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    else:
        finish(sys.argv[2], sys.argv[3])
