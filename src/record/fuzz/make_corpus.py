#!/usr/bin/env python3
"""Writes the seed corpora of log_batch_fuzzer and kv_batch_fuzzer (run from this folder).

An independent encoder of fluss-wire.md §5/§6 (with its own CRC-32C), checked against
the worked examples §5.11 and §6.6."""
import os
import struct
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
def crc32c(data):
    crc=0xffffffff
    for b in data:
        crc^=b
        for _ in range(8):
            crc=(crc>>1)^0x82F63B78 if crc&1 else crc>>1
    return crc^0xffffffff
assert crc32c(b"123456789")==0xe3069283
def log_batch(magic, records, count, append_only=True, stats=b"", base=0, schema=1, writer=-1, seq=-1):
    body = struct.pack('<hBiqii', schema, 1 if append_only else 0, max(count-1,0), writer, seq, count)
    if magic>=1: body += struct.pack('<i', len(stats)) + stats
    body += records
    crc = crc32c(body)
    pre = struct.pack('<qiBq', base, 0, magic, 0)
    if magic==2: pre += struct.pack('<i', -1)
    b = pre + struct.pack('<I', crc) + body
    return b[:8] + struct.pack('<i', len(b)-12) + b[12:]
def rec(ct, row): return struct.pack('<iB', len(row)+1, ct) + row
row=bytes([0,1,2,0x61,0x62])
golden = log_batch(0, rec(0,row), 1)
assert golden.hex()=="00000000000000002e000000000000000000000000188e3f0801000100000000ffffffffffffffffffffffff0100000006000000000001026162"
d='log_batch_fuzzer/'
open(d+'compacted_v0','wb').write(golden)
cdc = log_batch(0, rec(1,row)+rec(2,row)+rec(3,bytes([0,2,1,0x63]))+rec(4,row), 4, append_only=False, base=100, writer=7, seq=3)
open(d+'cdc_rows_v0','wb').write(cdc)
open(d+'empty_v0','wb').write(log_batch(0,b"",0,append_only=False))
stats = struct.pack('<Bh', 1, 2) + struct.pack('<hh',0,1) + struct.pack('<ii',0,3) + struct.pack('<i',8)+bytes(8) + struct.pack('<i',8)+bytes([1]*8)
arrow_msg = bytes.fromhex('ffffffff08000000') + bytes(8)
open(d+'arrow_v1_stats','wb').write(log_batch(1, bytes([1,4])+arrow_msg, 2, append_only=False, stats=stats))
open(d+'indexed_v2','wb').write(log_batch(2, rec(0,bytes(12)), 1))
open(d+'three_batches_partial','wb').write(golden+cdc+golden[:30])
def kv_batch(records, count, schema=1, writer=-1, seq=-1):
    body = struct.pack('<hBqii', schema, 0, writer, seq, count) + records
    b = struct.pack('<BI', 0, crc32c(body)) + body
    return struct.pack('<i', len(b)) + b
def kv_rec(key, value):
    inner = bytes([len(key)]) if len(key)<128 else bytes([len(key)&0x7f|0x80, len(key)>>7])
    inner += key + (value or b"")
    return struct.pack('<i', len(inner)) + inner
kvg = kv_batch(kv_rec(b"\x01", row) + kv_rec(b"\x01", None), 2)
assert kvg.hex()=="29000000009b30b5af010000ffffffffffffffffffffffff0200000007000000010100010261620200000001"+"01", kvg.hex()
d='kv_batch_fuzzer/'
open(d+'golden_kv','wb').write(kvg)
open(d+'kv_writer','wb').write(kv_batch(kv_rec(b"key-1", bytes(20)) + kv_rec(b"k"*130, None) + kv_rec(b"", b"\x00"), 3, writer=99, seq=0))
def value_batch(vals):
    recs = b"".join(struct.pack('<ih', len(r)+2, s) + r for s,r in vals)
    b = struct.pack('<Bi', 0, len(vals)) + recs
    return struct.pack('<i', len(b)) + b
open(d+'value_batch','wb').write(value_batch([(1,row),(2,b""),(3,bytes(9))]))
open(d+'value','wb').write(bytes([1,0])+row)
