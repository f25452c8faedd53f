#!/usr/bin/env node
// Validates glTF files with the Khronos glTF validator (npm gltf-validator, installed by tools/setup.sh under
// $SKYHOOK_DEPS/node) and prints one JSON summary: per file the counts of errors, warnings, infos and hints,
// and every error and warning message. Exits 1 when any file has an error (or cannot be read), 2 on bad usage.
//
//   node tools/gen_parts/validate_gltf.mjs [--validator <node_modules/gltf-validator>] file.gltf...
//
// The module is found through --validator, else $SKYHOOK_GLTF_VALIDATOR, else
// ${SKYHOOK_DEPS:-/opt/skyhook-deps}/node/node_modules/gltf-validator: it lives outside the source tree, so
// plain `import 'gltf-validator'` would not resolve it.
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';

const args = process.argv.slice(2);
let validatorDir = process.env.SKYHOOK_GLTF_VALIDATOR ||
    path.join(process.env.SKYHOOK_DEPS || '/opt/skyhook-deps', 'node', 'node_modules', 'gltf-validator');
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--validator' && i + 1 < args.length) validatorDir = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: validate_gltf.mjs [--validator <dir>] file.gltf...');
  process.exit(2);
}

let validator;
try {
  validator = createRequire(import.meta.url)(path.resolve(validatorDir));
} catch (e) {
  console.error(`validate_gltf: cannot load gltf-validator from ${validatorDir} (run tools/setup.sh): ${e.message}`);
  process.exit(2);
}

async function validateOne(file) {
  const bytes = await fs.readFile(file);
  const report = await validator.validateBytes(new Uint8Array(bytes), {
    uri: path.basename(file),
    maxIssues: 0,  // unlimited: a summary that hides errors would be worse than a long one
    writeTimestamp: false,
    // Buffers (and images, if any) are resolved next to the .gltf, as any loader would.
    externalResourceFunction: (uri) =>
        fs.readFile(path.resolve(path.dirname(file), decodeURIComponent(uri))).then((d) => new Uint8Array(d)),
  });
  const issues = report.issues;
  const pick = (severity) => issues.messages.filter((m) => m.severity === severity)
                                 .map((m) => `${m.code}: ${m.message}${m.pointer ? ` (${m.pointer})` : ''}`);
  return {
    file,
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    infos: issues.numInfos,
    hints: issues.numHints,
    errorMessages: pick(0),
    warningMessages: pick(1),
    infoMessages: pick(2),
    info: report.info ? {
      generator: report.info.generator,
      drawCallCount: report.info.drawCallCount,
      totalTriangleCount: report.info.totalTriangleCount,
      totalVertexCount: report.info.totalVertexCount,
      materialCount: report.info.materialCount,
    } : undefined,
  };
}

const results = [];
for (const file of files) {
  try {
    results.push(await validateOne(file));
  } catch (e) {
    results.push({ file, errors: 1, warnings: 0, infos: 0, hints: 0, errorMessages: [`cannot validate: ${e}`],
                   warningMessages: [] });
  }
}
const totalErrors = results.reduce((n, r) => n + r.errors, 0);
const totalWarnings = results.reduce((n, r) => n + r.warnings, 0);
console.log(JSON.stringify({ validator: validator.version(), totalErrors, totalWarnings, files: results }, null, 2));
process.exit(totalErrors > 0 ? 1 : 0);
