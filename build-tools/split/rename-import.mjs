// Renames a function import of wasm-bindgen's placeholder module, in place, for the split release build
// (link-wasm, bin/wasm-bindgen). Usage: node rename-import.mjs <module.wasm> <from> <to>
import { readFileSync, writeFileSync } from 'node:fs';

const [file, from, to] = process.argv.slice(2);
const PLACEHOLDER_MODULE = '__wbindgen_placeholder__';
const IMPORT_SECTION = 2;
const bytes = readFileSync(file);

function readUleb(at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function uleb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const encodedName = (text) => {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([uleb(utf8.length), utf8]);
};

function readName(at) {
  const [length, start] = readUleb(at);
  return [bytes.toString('utf8', start, start + length), start + length];
}

/** Where an import's description (after its two names) ends. */
function skipDescription(at) {
  const kind = bytes[at++];
  const skipLimits = (from) => {
    const [flags, afterFlags] = readUleb(from);
    let [, end] = readUleb(afterFlags);
    if (flags & 1) [, end] = readUleb(end);
    return end;
  };
  switch (kind) {
    case 0: return readUleb(at)[1]; // function: its type index
    case 1: return skipLimits(at + 1); // table: element type, limits
    case 2: return skipLimits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readUleb(at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`${file}: unknown import kind ${kind}`);
  }
}

function renamedImports(start) {
  let [count, at] = readUleb(start);
  const entries = [uleb(count)];
  let renamed = 0;
  while (count--) {
    const entryStart = at;
    const [module, afterModule] = readName(at);
    const [field, afterField] = readName(afterModule);
    at = skipDescription(afterField);
    if (module === PLACEHOLDER_MODULE && field === from) {
      entries.push(encodedName(module), encodedName(to), bytes.subarray(afterField, at));
      renamed++;
    } else {
      entries.push(bytes.subarray(entryStart, at));
    }
  }
  return [Buffer.concat(entries), renamed];
}

const sections = [bytes.subarray(0, 8)];
let renamed = 0;
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, contentStart] = readUleb(at + 1);
  const end = contentStart + size;
  if (id === IMPORT_SECTION) {
    const [content, count] = renamedImports(contentStart);
    sections.push(Buffer.from([IMPORT_SECTION]), uleb(content.length), content);
    renamed += count;
  } else {
    sections.push(bytes.subarray(at, end));
  }
  at = end;
}
if (renamed > 0) writeFileSync(file, Buffer.concat(sections));
