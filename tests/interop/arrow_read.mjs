// Reads an Arrow IPC stream file written by fluss-cpp and prints its schema
// and values as JSON (conventions in arrow_json.mjs) on stdout.
// Usage: node arrow_read.mjs <stream-file>
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { tableJson } from './arrow_json.mjs';

process.stdout.write(JSON.stringify(tableJson(tableFromIPC(readFileSync(process.argv[2])))));
