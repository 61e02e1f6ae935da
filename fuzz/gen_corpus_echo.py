#!/usr/bin/env python3
"""gen_corpus_echo.py -- writes the seed corpus of fuzz/echo.c into
fuzz/corpus/echo/ (seed-*; files libFuzzer added stay).

The input format is described at the top of fuzz/echo.c: the header of
iou_fuzz_split (api/iou_fuzz.h) -- kernel, faults, tape length, tape --
then the script (clients, server, stop, 4 bytes per client).
usage: fuzz/gen_corpus_echo.py [OUTDIR]
"""
import os
import random
import struct
import sys

# byte 0 of the header: index into iou_fuzz_split's kernels, 8 = the range
K54, K510, K515, K519, K61, K66, K612, KNEW, RANGE = range(9)
# IOU_FAULT_*
EAGAIN, EINTR, EIO, ENOMEM, EMFILE, ECONNRESET = (1 << i for i in range(6))
ALL = 0x3f
NETDGRAM = 1 << 6


def client(nbytes, chunk, seed=0, read_every=0, start=0):
    """4 script bytes: bytes = 1 + b (1..256), chunk 1..1 + b % 64."""
    return bytes([min(255, max(0, nbytes - 1)), (chunk - 1) % 64,
                  seed & 0xff, (read_every & 3) | ((start & 63) << 2)])


def server(log2_nbufs, log2_size16, ipv6=False, log2_burst=0, udp=False):
    """nbufs 1 << n (0..3), buf_size 16 << m (0..3); clients take up to
    1 << log2_burst (0..3) steps in a row between server steps; udp: the
    UDP mode (buf_size is then the payload room)."""
    return bytes([log2_nbufs | (log2_size16 << 2) | (16 if ipv6 else 0) |
                  (log2_burst << 5) | (128 if udp else 0)])


def script(clients, srv, stop=None, log2_ring=4):
    """stop None: after every client is done; else at that step. The
    ring: 8 << log2_ring SQ entries (0..4: 8..128)."""
    s = bytes([len(clients) - 1]) + srv
    s += bytes([0 if stop is None else 224 + stop, log2_ring])
    return s + b"".join(clients)


def seed_input(kernel, faults, tape, scr):
    return bytes([kernel, faults]) + struct.pack("<H", len(tape)) + tape + scr


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "echo")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(0x6563686f)
    one = [client(64, 16)]
    two = [client(120, 7, 1), client(200, 64, 2, read_every=2, start=3)]
    mixed = [client(256, 7, 1), client(200, 64, 2, read_every=3, start=4),
             client(250, 50, 3, start=20)]
    four = [client(90, 16, i, read_every=i % 3, start=2 * i)
            for i in range(4)]
    starved = [client(150, 40, 5), client(100, 33, 6, read_every=2)]
    seeds = {
        # the canonical run of every kernel: 5.4..5.19 must be refused
        **{f"canon-k{k}": seed_input(k, 0, b"", script(two, server(2, 2)))
           for k in range(9)},
        "one-client": seed_input(KNEW, 0, b"", script(one, server(1, 1))),
        "small-ring": seed_input(K66, 0, b"",
                                 script(mixed, server(3, 0), log2_ring=0)),
        "small-ring-611": seed_input(K612, 0, b"",
                                     script(two, server(2, 0), log2_ring=1)),
        "mixed": seed_input(KNEW, 0, b"", script(mixed, server(2, 3))),
        "mixed-burst": seed_input(K61, 0, b"",
                                  script(mixed, server(2, 3, log2_burst=3))),
        "four-ipv6": seed_input(K66, 0, b"",
                                script(four, server(3, 1, ipv6=True))),
        "starved": seed_input(K61, 0, b"", script(starved, server(0, 0))),
        "stop-early": seed_input(KNEW, 0, b"",
                                 script(mixed, server(2, 2), stop=5)),
        "stop-at-once": seed_input(K612, 0, b"",
                                   script(two, server(1, 2), stop=0)),
        "transient": seed_input(RANGE, EAGAIN | EINTR, b"",
                                script(mixed, server(2, 3))),
        "all-faults": seed_input(K61, ALL, b"", script(two, server(2, 2))),
        "reset": seed_input(KNEW, ECONNRESET, b"", script(two, server(1, 1))),
        "nomem-mfile": seed_input(K66, ENOMEM | EMFILE, b"",
                                  script(mixed, server(2, 2))),
    }
    # random tapes: short I/O, early multishot ends, late notifications...
    for i in range(12):
        k = [K61, K66, K612, KNEW, RANGE][i % 5]
        tape = bytes(rng.randrange(256) if rng.random() < 0.3 else 0
                     for _ in range(rng.randrange(16, 200)))
        scr = [one, two, mixed, four, starved][i % 5]
        faults = [0, 0, 0, EINTR | EAGAIN][i % 4]
        seeds[f"tape-{i:02d}"] = seed_input(
            k, faults, tape, script(scr, server(i % 4, i % 3,
                                                log2_burst=i % 4),
                                    log2_ring=4 - i % 3))
    # the UDP mode: refused before 6.1, datagrams on every later kernel
    seeds.update({
        "udp-canon-k519": seed_input(K519, 0, b"",
                                     script(two, server(2, 2, udp=True))),
        "udp-canon-k61": seed_input(K61, 0, b"",
                                    script(two, server(2, 2, udp=True))),
        "udp-mixed": seed_input(KNEW, 0, b"",
                                script(mixed, server(2, 3, udp=True))),
        "udp-starved": seed_input(K612, 0, b"",
                                  script(starved, server(0, 0, udp=True))),
        "udp-four-ipv6": seed_input(K66, 0, b"", script(
            four, server(3, 1, ipv6=True, log2_burst=2, udp=True))),
        "udp-stop": seed_input(KNEW, 0, b"",
                               script(mixed, server(2, 2, udp=True), stop=5)),
        "udp-netdgram": seed_input(KNEW, NETDGRAM, b"",
                                   script(two, server(2, 2, udp=True))),
        "udp-all-faults": seed_input(RANGE, ALL | NETDGRAM, b"",
                                     script(mixed, server(1, 2, udp=True))),
    })
    for name, data in seeds.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {out}")


if __name__ == "__main__":
    main()
