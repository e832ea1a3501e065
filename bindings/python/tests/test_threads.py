"""The binding releases the GIL during library calls: a thread pool verifies
with one shared context and gets what serial calls get, and other Python
threads run while one thread is inside a long library call."""

import concurrent.futures
import sys
import threading
import time

import eseal

DOCUMENT = b"<Contract>threads</Contract>"


def _inputs(ctx, seal, signer):
    """Good stamps over DOCUMENT, forged ones (a bit flipped in the
    signature value) and bytes that do not parse."""
    good = []
    for i in range(4):
        with eseal.stamp(ctx, seal, *signer, DOCUMENT, property_info=f"copy {i}") as sig:
            good.append(sig.bytes)
    forged = [g[:-1] + bytes([g[-1] ^ 1]) for g in good]
    return good + forged + [b"\x30\x03\x02\x01\x01", b"not a seal"]


def test_thread_pool_gives_the_serial_reports(ctx, seal, signer):
    inputs = _inputs(ctx, seal, signer) * 4
    at = ctx.time

    def verify(data):
        return str(eseal.verify(ctx, data, DOCUMENT, validation_time=at))

    serial = [verify(data) for data in inputs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(verify, inputs))
    assert threaded == serial
    # The reports are not all alike: the pool was given good, forged and unparsable input.
    outcomes = [eseal.verify(ctx, data, DOCUMENT, validation_time=at).indication
                for data in inputs[:10]]
    assert outcomes[:4] == ["TOTAL_PASSED"] * 4
    assert outcomes[4:] == ["TOTAL_FAILED"] * 6


def test_other_threads_run_during_a_long_call(ctx, seal, signer):
    # 64 MiB of detached data: hashing it is a long call into the library.
    big = bytes(64 << 20)
    with eseal.stamp(ctx, seal, *signer, big) as sig:
        stamped = sig.bytes
    counter = [0]
    stop = threading.Event()
    seen = {}

    def count():
        while not stop.is_set():
            counter[0] += 1
            # Hands the GIL back at once, so that the verifying thread gets it
            # when its call returns.
            time.sleep(0.0005)

    def verify():
        before = counter[0]
        report = eseal.verify(ctx, stamped, big)
        seen["during"] = counter[0] - before
        seen["passed"] = report.passed

    # No forced switches: while a thread holds the GIL the counter cannot
    # move, so the counter only advances inside verify() if the call let go
    # of the GIL.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        counting = threading.Thread(target=count)
        counting.start()
        worker = threading.Thread(target=verify)
        worker.start()
        worker.join()
        stop.set()
        counting.join()
    finally:
        sys.setswitchinterval(interval)
    assert seen["passed"]
    assert seen["during"] > 0
