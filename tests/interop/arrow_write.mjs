// Writes an Arrow IPC stream of every type Fluss maps (§5.10.3), with nulls, in
// two record batches, for fluss-cpp to read; and, next to it, the values as
// Arrow JS reads them back (conventions in arrow_json.mjs) plus the Fluss type
// each field should map to.
// Usage: node arrow_write.mjs <stream-file> <json-file> <none|lz4|zstd>
import { writeFileSync } from 'node:fs';
import {
  Binary, Bool, CompressionType, DateDay, Decimal, Field, FixedSizeBinary, Float32, Float64,
  Int16, Int32, Int64, Int8, List, Map_, RecordBatchStreamWriter, Struct, Table,
  TimeMicrosecond, TimeMillisecond, TimeNanosecond, TimeSecond, TimestampMicrosecond,
  TimestampMillisecond, TimestampNanosecond, TimestampSecond, Utf8, makeData, makeVector,
  vectorFromArray, MessageReader, MessageHeader, compressionRegistry,
} from 'apache-arrow';
import { tableJson } from './arrow_json.mjs';

const [, , streamFile, jsonFile, codec] = process.argv;

// Validity bitmap for `values` (null = not valid).
function bitmap(values) {
  const bits = new Uint8Array(Math.ceil(values.length / 8) || 1);
  values.forEach((v, i) => { if (v !== null) bits[i >> 3] |= 1 << (i & 7); });
  return bits;
}
const nulls = (values) => values.filter((v) => v === null).length;

// A fixed-width vector from raw values in the type's storage (TypedArray ctor).
function fixed(type, Storage, values, zero = 0) {
  return makeVector(makeData({
    type, length: values.length, nullCount: nulls(values), nullBitmap: bitmap(values),
    data: Storage.from(values.map((v) => (v === null ? zero : v))),
  }));
}

function decimal(type, unscaled) {
  const words = new Uint32Array(unscaled.length * 4);
  unscaled.forEach((v, i) => {
    let u = BigInt.asUintN(128, v ?? 0n);
    for (let w = 0; w < 4; ++w, u >>= 32n) words[i * 4 + w] = Number(u & 0xffffffffn);
  });
  return makeVector(makeData({
    type, length: unscaled.length, nullCount: nulls(unscaled), nullBitmap: bitmap(unscaled),
    data: words,
  }));
}

function fixedBinary(width, values) {
  const data = new Uint8Array(values.length * width);
  values.forEach((v, i) => { if (v) data.set(v, i * width); });
  return makeVector(makeData({
    type: new FixedSizeBinary(width), length: values.length, nullCount: nulls(values),
    nullBitmap: bitmap(values), data,
  }));
}

// List<Int32> from arrays (null = null list).
function intList(lists) {
  const offsets = new Int32Array(lists.length + 1);
  const flat = [];
  lists.forEach((l, i) => { flat.push(...(l ?? [])); offsets[i + 1] = flat.length; });
  const child = fixed(new Int32(), Int32Array, flat).data[0];
  return makeVector(makeData({
    type: new List(new Field('element', new Int32(), true)), length: lists.length,
    nullCount: nulls(lists), nullBitmap: bitmap(lists), valueOffsets: offsets, child,
  }));
}

// Map<Utf8 NOT NULL, Int64> from arrays of [key, value] pairs.
function stringLongMap(maps) {
  const offsets = new Int32Array(maps.length + 1);
  const keys = [];
  const values = [];
  maps.forEach((m, i) => {
    for (const [k, v] of m ?? []) { keys.push(k); values.push(v); }
    offsets[i + 1] = keys.length;
  });
  const keyField = new Field('key', new Utf8(), false);
  const valueField = new Field('value', new Int64(), true);
  const entriesType = new Struct([keyField, valueField]);
  const entries = makeData({
    type: entriesType, length: keys.length, nullCount: 0,
    children: [vectorFromArray(keys, new Utf8()).data[0],
      fixed(new Int64(), BigInt64Array, values, 0n).data[0]],
  });
  return makeVector(makeData({
    type: new Map_(new Field('entries', entriesType, false), false), length: maps.length,
    nullCount: nulls(maps), nullBitmap: bitmap(maps), valueOffsets: offsets, child: entries,
  }));
}

// Struct<a Int32, b Utf8> from objects.
function struct(rows) {
  const fields = [new Field('a', new Int32(), true), new Field('b', new Utf8(), true)];
  return makeVector(makeData({
    type: new Struct(fields), length: rows.length, nullCount: nulls(rows),
    nullBitmap: bitmap(rows),
    children: [fixed(new Int32(), Int32Array, rows.map((r) => (r ? r.a : null))).data[0],
      vectorFromArray(rows.map((r) => (r ? r.b : null)), new Utf8()).data[0]],
  }));
}

function batchColumns(k) {
  // Two batches of different content; k = 0 or 1.
  const n = k === 0 ? 5 : 3;
  const pick = (values) => values.slice(0, n);
  return {
    id: fixed(new Int32(), Int32Array, pick([1, 2, 3, 4, 5].map((v) => v + 10 * k))),
    bool: vectorFromArray(pick([true, false, null, true, false]), new Bool()),
    tinyint: fixed(new Int8(), Int8Array, pick([-128, 127, null, 0, 5])),
    smallint: fixed(new Int16(), Int16Array, pick([-32768, 32767, 0, null, -2])),
    int: fixed(new Int32(), Int32Array, pick([-2147483648, 2147483647, null, 0, 42])),
    bigint: fixed(new Int64(), BigInt64Array,
      pick([-9223372036854775808n, 9223372036854775807n, null, 0n, 7n]), 0n),
    float: fixed(new Float32(), Float32Array, pick([1.5, -0, null, 3.4028234663852886e38, 1e-45])),
    double: fixed(new Float64(), Float64Array, pick([0.1, -1e308, 5e-324, null, 2.5])),
    string: vectorFromArray(pick(['', 'héllo', null, '漢字🙂', 'x']), new Utf8()),
    binary: fixedBinary(3, pick([new Uint8Array([0, 1, 2]), null, new Uint8Array([255, 254, 253]),
      new Uint8Array([7, 7, 7]), new Uint8Array([0, 0, 0])])),
    bytes: vectorFromArray(pick([new Uint8Array([]), new Uint8Array([1, 2, 3]), null,
      new Uint8Array([255]), new Uint8Array([0, 0])]), new Binary()),
    decimal: decimal(new Decimal(2, 10, 128), pick([12345n, -1n, null, 9999999999n, 0n])),
    decimal38: decimal(new Decimal(10, 38, 128),
      pick([10n ** 38n - 1n, -(10n ** 38n - 1n), 0n, null, 123456789012345678901234567n])),
    date: fixed(new DateDay(), Int32Array, pick([0, -719162, null, 2932896, 19000])),
    time0: fixed(new TimeSecond(), Int32Array, pick([0, 86399, null, 3600, 1])),
    time3: fixed(new TimeMillisecond(), Int32Array, pick([0, 86399999, 1, null, 45296789])),
    time6: fixed(new TimeMicrosecond(), BigInt64Array,
      pick([0n, 86399999000n, null, 1000n, 45296789000n]), 0n),
    time9: fixed(new TimeNanosecond(), BigInt64Array,
      pick([0n, 86399999000000n, null, 1000000n, 45296789000000n]), 0n),
    ts0: fixed(new TimestampSecond(), BigInt64Array, pick([0n, -1n, null, 253402300799n, 1n]), 0n),
    ts3: fixed(new TimestampMillisecond(), BigInt64Array,
      pick([0n, -1n, 1700000000123n, null, -62135596800000n]), 0n),
    ts6: fixed(new TimestampMicrosecond(), BigInt64Array,
      pick([0n, -1n, 1700000000123456n, null, -999n]), 0n),
    ts9: fixed(new TimestampNanosecond(), BigInt64Array,
      pick([0n, -1n, 1700000000123456789n, -1000001n, null]), 0n),
    ltz6: fixed(new TimestampMicrosecond('UTC'), BigInt64Array,
      pick([1n, null, 1700000000123456n, -5n, 0n]), 0n),
    array: intList(pick([[1, 2, 3], [], null, [-1], [0, 2147483647]])),
    map: stringLongMap(pick([[['a', 1n], ['b', null]], [], null, [['', -1n]], [['k', 0n]]])),
    row: struct(pick([{ a: 1, b: 'x' }, null, { a: null, b: '' }, { a: -1, b: null },
      { a: 0, b: 'y' }])),
  };
}

// What each column must map to in Fluss (DataType::to_string spelling).
const flussTypes = {
  id: 'INT', bool: 'BOOLEAN', tinyint: 'TINYINT', smallint: 'SMALLINT', int: 'INT',
  bigint: 'BIGINT', float: 'FLOAT', double: 'DOUBLE', string: 'STRING', binary: 'BINARY(3)',
  bytes: 'BYTES', decimal: 'DECIMAL(10, 2)', decimal38: 'DECIMAL(38, 10)', date: 'DATE',
  time0: 'TIME(0)', time3: 'TIME(3)', time6: 'TIME(6)', time9: 'TIME(9)',
  ts0: 'TIMESTAMP(0)', ts3: 'TIMESTAMP(3)', ts6: 'TIMESTAMP(6)', ts9: 'TIMESTAMP(9)',
  ltz6: 'TIMESTAMP(6) WITH LOCAL TIME ZONE', array: 'ARRAY<INT>',
  map: 'MAP<STRING NOT NULL, BIGINT>', row: 'ROW<`a` INT, `b` STRING>',
};

const tables = [0, 1].map((k) => new Table(batchColumns(k)));
const table = tables[0].concat(tables[1]);
const compressionType = { none: null, lz4: CompressionType.LZ4_FRAME,
  zstd: CompressionType.ZSTD }[codec];
const writer = new RecordBatchStreamWriter({ compressionType });
const bytes = writer.writeAll(table).toUint8Array(true);

// Arrow JS 21 writes the *compressed* length into each compressed buffer's int64
// prefix, where the format (and Arrow C++/Java/Rust, and Fluss) put the
// uncompressed length. Patch the prefixes in place so that the stream is
// what a conforming writer produces.
if (compressionType !== null) {
  const decode = compressionRegistry.get(compressionType).decode;
  const reader = new MessageReader(bytes);
  for (let message; (message = reader.readMessage()) !== null;) {
    const body = reader.readMessageBody(message.bodyLength);
    if (message.headerType !== MessageHeader.RecordBatch) continue;
    for (const { offset, length } of message.header().buffers) {
      if (length === 0) continue;
      const view = new DataView(body.buffer, body.byteOffset + offset, length);
      if (view.getBigInt64(0, true) === -1n) continue;
      const frame = new Uint8Array(body.buffer, body.byteOffset + offset + 8, length - 8);
      view.setBigInt64(0, BigInt(decode(frame).length), true);
    }
  }
}
writeFileSync(streamFile, bytes);

const json = tableJson(table);
json.fields.forEach((f) => { f.fluss_type = flussTypes[f.name]; });
writeFileSync(jsonFile, JSON.stringify(json));
