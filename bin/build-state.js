'use strict';
// Whether dist/ holds a build of the sources as they are now. A build
// (scripts/build.js) records a fingerprint of its sources (path, size and
// mtime of every file under tsconfig.build.json's `include`, plus the config
// files) taken before tsc starts; the build is current only while the sources
// still have that fingerprint. An edit, a new or deleted file, a checkout or an
// edit during the build changes it. It costs one stat per source file (a few
// milliseconds), paid on every CLI start in a checkout. In an installed package
// there are no sources (no tsconfig.build.json): the build is all there is.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp.json');
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
const SOURCE_FILE = /\.(ts|json)$/;

// Every function takes the package root (tests pass a temporary one).

/** True in a checkout (sources beside the build), false in an installed package. */
function hasSources(root = ROOT) {
  return fs.existsSync(path.join(root, 'tsconfig.build.json'));
}

function walk(root, rel, lines) {
  const full = path.join(root, rel);
  let st;
  try {
    st = fs.statSync(full);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) walk(root, path.join(rel, name), lines);
  } else if (SOURCE_FILE.test(rel)) {
    lines.push(`${rel}\t${st.size}\t${st.mtimeMs}`);
  }
}

/** A digest of every source file's path, size and mtime. */
function sourceFingerprint(root = ROOT) {
  const include = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')).include;
  const lines = [];
  for (const rel of [...CONFIG_FILES, ...include]) walk(root, rel, lines);
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

function readStamp(root = ROOT) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'dist', '.build-stamp.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** dist/ was built from exactly the current sources (always true in an installed package). */
function buildIsCurrent(root = ROOT) {
  if (!hasSources(root)) return true;
  const stamp = readStamp(root);
  return stamp !== null && stamp.fingerprint === sourceFingerprint(root);
}

module.exports = { ROOT, DIST, STAMP, hasSources, sourceFingerprint, readStamp, buildIsCurrent };
