// Writes the WiX fragment of PgCluster's files from a staging folder (scripts/build-msi makes it):
// one component per file, keyed by that file, inside a directory tree under one of the product's
// directories. Component GUIDs are name-based UUIDs (version 5) of the installed path, so the same
// file in the same place keeps its GUID in every build (the Windows Installer component rules) and
// the output depends on nothing but the staged tree.
//
// Usage: node scripts/msi-files.mjs --out files.wxs DIRECTORY_ID=FOLDER...
//   e.g. INSTALLFOLDER=stage/install MODULEFOLDER=stage/module
// Prints the number of files and bytes to stderr. Fails on names Windows cannot hold, on two
// names that differ only in case, on links and on empty folders (an MSI would not create them).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The namespace of PgCluster's component GUIDs. Never change it: every GUID would change. */
const NAMESPACE = '0d6d668c-4e32-43c3-b07b-429d68ff5ae1';
const COMPONENT_GROUP = 'StagedFiles';

function fail(message) {
  console.error(`msi-files: ${message}`);
  process.exit(1);
}

/** RFC 4122 version 5 UUID of `name` in NAMESPACE, upper case as WiX writes GUIDs. */
function uuidV5(name, namespace = NAMESPACE) {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An MSI identifier (at most 72 characters, [A-Za-z_][A-Za-z0-9_.]*) for one installed path. */
function identifier(prefix, key) {
  return `${prefix}_${createHash('sha1').update(key, 'utf8').digest('hex').slice(0, 32)}`;
}

function xml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Characters Windows refuses in a file name, and names it reserves for devices.
const BAD_NAME = /[<>:"/\\|?*]|[. ]$/;
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function checkName(name, where) {
  const control = [...name].some((c) => c.charCodeAt(0) < 32);
  if (control || BAD_NAME.test(name) || DEVICE.test(name) || name.length > 255)
    fail(`${where}: "${name}" cannot be a Windows file name`);
}

// wixl wants each Source relative to the folder of the .wxs (it refuses absolute paths).
let sourceBase = process.cwd();
const source = (disk) => path.relative(sourceBase, disk).split(path.sep).join('/');

const stats = { files: 0, bytes: 0 };
const componentIds = [];

/** The <Directory> children and <Component>s of one staged folder, as lines of XML. */
function folder(rootId, diskDir, relDir, depth) {
  const lines = [];
  const pad = '  '.repeat(depth);
  const entries = readdirSync(diskDir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  if (entries.length === 0) fail(`${diskDir}: empty folder`);
  const seen = new Map();
  for (const entry of entries) {
    const lower = entry.name.toLowerCase();
    if (seen.has(lower)) fail(`${diskDir}: "${seen.get(lower)}" and "${entry.name}" differ only in case`);
    seen.set(lower, entry.name);
    checkName(entry.name, diskDir);
  }
  for (const entry of entries) {
    const disk = path.join(diskDir, entry.name);
    const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    const st = lstatSync(disk);
    if (st.isSymbolicLink()) fail(`${disk}: a link; stage real files only`);
    if (st.isFile()) {
      const key = `${rootId}/${rel}`;
      const componentId = identifier('c', key);
      componentIds.push(componentId);
      stats.files += 1;
      stats.bytes += st.size;
      lines.push(
        `${pad}<Component Id="${componentId}" Guid="${uuidV5(`component:${key}`)}" Win64="yes">`,
        `${pad}  <File Id="${identifier('f', key)}" Name="${xml(entry.name)}" Source="${xml(source(disk))}" KeyPath="yes" />`,
        `${pad}</Component>`,
      );
    }
  }
  for (const entry of entries) {
    const disk = path.join(diskDir, entry.name);
    if (!lstatSync(disk).isDirectory()) continue;
    const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    lines.push(`${pad}<Directory Id="${identifier('d', `${rootId}/${rel}`)}" Name="${xml(entry.name)}">`);
    lines.push(...folder(rootId, disk, rel, depth + 1));
    lines.push(`${pad}</Directory>`);
  }
  return lines;
}

function main(argv) {
  let out;
  const roots = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--out') out = argv[++i];
    else if (/^[A-Za-z_][A-Za-z0-9_.]*=/.test(arg)) {
      const eq = arg.indexOf('=');
      roots.push({ id: arg.slice(0, eq), dir: path.resolve(arg.slice(eq + 1)) });
    } else fail(`unexpected argument "${arg}"; usage: --out FILE DIRECTORY_ID=FOLDER...`);
  }
  if (!out || roots.length === 0) fail('usage: --out FILE DIRECTORY_ID=FOLDER...');
  sourceBase = path.dirname(path.resolve(out));
  const body = [];
  for (const root of roots) {
    let st;
    try {
      st = lstatSync(root.dir);
    } catch {
      fail(`${root.dir}: no such folder`);
    }
    if (!st.isDirectory()) fail(`${root.dir}: not a folder`);
    body.push(
      `    <DirectoryRef Id="${root.id}">`,
      ...folder(root.id, root.dir, '', 3),
      '    </DirectoryRef>',
    );
  }
  const text = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated by scripts/msi-files.mjs from the staging folder; do not edit. -->',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    '  <Fragment>',
    ...body,
    `    <ComponentGroup Id="${COMPONENT_GROUP}">`,
    ...componentIds.map((id) => `      <ComponentRef Id="${id}" />`),
    '    </ComponentGroup>',
    '  </Fragment>',
    '</Wix>',
    '',
  ].join('\n');
  writeFileSync(out, text);
  console.error(`msi-files: ${stats.files} files, ${stats.bytes} bytes -> ${out}`);
}

main(process.argv.slice(2));
