#!/usr/bin/env python3
"""Writes the seed corpus of log_segment_recover_fuzzer (run from anywhere): small .log files
of offset-assigned INDEXED V0 batches (fluss-wire.md §5), whole, torn and corrupted."""
import os
import struct

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus",
                      "log_segment_recover_fuzzer"))


def crc32c(data):
    crc = 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xffffffff


def batch(base, count, ts):
    records = b"".join(struct.pack('<iB', 2, 0) + b"v" for _ in range(count))
    body = struct.pack('<hBiqii', 1, 1, max(count - 1, 0), -1, -1, count) + records
    b = struct.pack('<qiBq', base, 0, 0, ts) + struct.pack('<I', crc32c(body)) + body
    return b[:8] + struct.pack('<i', len(b) - 12) + b[12:]


assert crc32c(b"123456789") == 0xe3069283
log = batch(0, 3, 1000) + batch(3, 1, 900) + batch(4, 5, 2000)
files = {
    "three_batches": log,
    "torn_tail": log[:-7],
    "crc_flip": log[:70] + bytes([log[70] ^ 1]) + log[71:],
    "offsets_backwards": batch(0, 2, 1) + batch(1, 1, 2),
    "empty": b"",
}
for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
