// Shared by arrow_read.mjs and arrow_write.mjs: Arrow JS codecs and the JSON
// conventions arrow_interop_test.cc compares against: 64-bit integers and
// decimals (unscaled) as strings; binary as hex; DATE as days; TIME/TIMESTAMP
// as the raw value in the field's unit (string; top-level timestamps only); maps as [[key, value], ...];
// structs as {name: value}; non-finite floats as strings.
import { CompressionType, compressionRegistry, Type } from 'apache-arrow';
import * as fzstd from 'fzstd';
import lz4js from 'lz4js';

// fzstd only decompresses: encode as a valid ZSTD frame of raw (stored) blocks,
// enough for Arrow JS to write ZSTD-signalled streams for us to read.
function zstdStore(d) {
  const blocks = Math.max(1, Math.ceil(d.length / 131072));
  const out = new Uint8Array(4 + 1 + 4 + blocks * 3 + d.length);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0xa0]);  // magic; single segment, 4-byte content size
  new DataView(out.buffer).setUint32(5, d.length, true);
  let at = 9;
  for (let b = 0, pos = 0; b < blocks; ++b) {
    const n = Math.min(131072, d.length - pos);
    const header = (n << 3) | (b === blocks - 1 ? 1 : 0);  // raw block, last flag
    out.set([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff], at);
    out.set(d.subarray(pos, pos + n), at + 3);
    at += 3 + n;
    pos += n;
  }
  return out;
}
compressionRegistry.set(CompressionType.ZSTD, {
  encode: zstdStore,
  // fzstd returns a view at byte offset 12 of its buffer; Arrow JS needs 8-byte
  // aligned buffers for 64-bit values, so copy it to offset 0.
  decode: (d) => {
    const out = fzstd.decompress(d);
    return out.byteOffset % 8 === 0 ? out : out.slice();
  },
});
compressionRegistry.set(CompressionType.LZ4_FRAME, {
  encode: (d) => lz4js.compress(d),
  decode: (d) => new Uint8Array(lz4js.decompress(d)),
});

const hex = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const unitNames = ['SECOND', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND'];

export function typeJson(f) {
  const t = f.type;
  const out = { name: f.name, nullable: f.nullable, type: Type[t.typeId] };
  if (t.typeId === Type.Int) out.bitWidth = t.bitWidth;
  if (t.typeId === Type.Decimal) Object.assign(out, { precision: t.precision, scale: t.scale });
  if (t.typeId === Type.FixedSizeBinary) out.byteWidth = t.byteWidth;
  if (t.typeId === Type.Time || t.typeId === Type.Timestamp) out.unit = unitNames[t.unit];
  if (t.typeId === Type.Timestamp) out.timezone = t.timezone ?? null;
  if (t.children && t.children.length) out.children = t.children.map(typeJson);
  return out;
}

function bigString(v) {
  return typeof v === 'bigint' ? v.toString() : String(v);
}

export function value(type, v) {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case Type.Bool: return v;
    case Type.Int: return type.bitWidth === 64 ? bigString(v) : v;
    case Type.Float: return Number.isFinite(v) ? v : String(v);
    case Type.Utf8: return v;
    case Type.Binary:
    case Type.FixedSizeBinary: return hex(v);
    case Type.Decimal: return bigString(v);
    case Type.Date: return Math.round(Number(v) / 86400000);
    case Type.Time:
    case Type.Timestamp: return bigString(v);
    case Type.List: return [...v].map((e) => value(type.children[0].type, e));
    case Type.Map: {
      const [k, val] = type.children[0].type.children;
      return [...v].map(([key, x]) => [value(k.type, key), value(val.type, x)]);
    }
    case Type.Struct: {
      const o = {};
      for (const c of type.children) o[c.name] = value(c.type, v[c.name]);
      return o;
    }
    default: throw new Error(`unexpected Arrow type ${Type[type.typeId]}`);
  }
}

// The stored value at row i of a top-level vector (Arrow JS's get() turns
// timestamps into float milliseconds, losing micro- and nanoseconds).
function rawAt(vector, i) {
  for (const data of vector.data) {
    if (i < data.length) return data.getValid(i) ? data.values[data.offset + i] : null;
    i -= data.length;
  }
  throw new Error('row out of range');
}

export function tableJson(table) {
  const fields = table.schema.fields;
  const rows = [];
  for (let i = 0; i < table.numRows; ++i) {
    rows.push(fields.map((f, c) => {
      const vector = table.getChildAt(c);
      if (f.type.typeId === Type.Timestamp) return value(f.type, rawAt(vector, i));
      return value(f.type, vector.get(i));
    }));
  }
  return { fields: fields.map(typeJson), rows };
}
