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
const BUILD_CONFIG = path.join(ROOT, 'tsconfig.build.json');
const STAMP = path.join(DIST, '.build-stamp.json');
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
const SOURCE_FILE = /\.(ts|json)$/;

/** True in a checkout (sources beside the build), false in an installed package. */
function hasSources() {
  return fs.existsSync(BUILD_CONFIG);
}

function walk(rel, lines) {
  const full = path.join(ROOT, rel);
  let st;
  try {
    st = fs.statSync(full);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) walk(path.join(rel, name), lines);
  } else if (SOURCE_FILE.test(rel)) {
    lines.push(`${rel}\t${st.size}\t${st.mtimeMs}`);
  }
}

/** A digest of every source file's path, size and mtime. */
function sourceFingerprint() {
  const include = JSON.parse(fs.readFileSync(BUILD_CONFIG, 'utf8')).include;
  const lines = [];
  for (const rel of [...CONFIG_FILES, ...include]) walk(rel, lines);
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** dist/ was built from exactly the current sources (always true in an installed package). */
function buildIsCurrent() {
  if (!hasSources()) return true;
  const stamp = readStamp();
  return stamp !== null && stamp.fingerprint === sourceFingerprint();
}

module.exports = { ROOT, DIST, STAMP, hasSources, sourceFingerprint, readStamp, buildIsCurrent };
