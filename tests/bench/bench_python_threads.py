"""Benchmark: the Python binding verifying with 1 and 2 threads over one
shared Context (the calls release the GIL), interleaved rounds, medians and
their ratio (doc/performance.md). No assertion on time: `meson test --benchmark`."""

import concurrent.futures
import datetime
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import eseal

STAMPS = 256
ROUNDS = 7


def main():
    cli = os.environ["ESEAL_CLI"]
    with tempfile.TemporaryDirectory() as tmp:
        pki = pathlib.Path(tmp) / "pki"
        subprocess.run([cli, "pki", "init", str(pki)], check=True, capture_output=True)
        ctx = eseal.Context(trust_list=pki / "trust-list.txt",
                            trust_list_operator=pki / "operator.crt")
        maker = eseal.Key.from_file(pki / "maker.key"), eseal.Cert.from_file(pki / "maker.crt")
        signer = eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")
        now = ctx.time
        seal = eseal.make_seal(ctx, *maker, esid="3301060000001", name="合同专用章",
                               signers=[signer[1]], valid_from=now - datetime.timedelta(days=1),
                               valid_to=now + datetime.timedelta(days=365))
        document = b"<Contract>benchmark</Contract>"
        stamps = [eseal.stamp(ctx, seal, *signer, document).bytes for _ in range(16)]
        work = [stamps[i % len(stamps)] for i in range(STAMPS)]
        at = now + datetime.timedelta(hours=1)

        def verify(data):
            return eseal.verify(ctx, data, document, validation_time=at).passed

        rates = {1: [], 2: []}
        pools = {n: concurrent.futures.ThreadPoolExecutor(max_workers=n) for n in rates}
        for _ in range(ROUNDS):
            for n, pool in pools.items():
                start = time.perf_counter()
                results = list(pool.map(verify, work))
                rates[n].append(len(work) / (time.perf_counter() - start))
                if not all(results):
                    print("a verification did not pass", file=sys.stderr)
                    return 1
        for pool in pools.values():
            pool.shutdown()
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        with open("/proc/loadavg") as f:
            load = f.read().strip()
        print(f"Python binding, eseal.verify() of {STAMPS} stamps, one shared Context, "
              f"median of {ROUNDS} interleaved rounds (load average at end: {load}):")
        print(f"  1 thread:  {one:8.0f} /s")
        print(f"  2 threads: {two:8.0f} /s  = {two / one:.2f}x 1 thread (target >= 1.9x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
