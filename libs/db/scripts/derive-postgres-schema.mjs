// Derives libs/db/prisma/postgres/schema.prisma from libs/db/prisma/schema.prisma, the one schema
// people edit. A Prisma schema names one provider, so PostgreSQL gets a copy that differs only in
// the datasource (provider postgresql, a placeholder URL) and in the generator's output: the
// PostgreSQL client is generated to node_modules/.prisma/client-postgres so that it does not
// overwrite the SQLite one in node_modules/.prisma/client.
//
//   node libs/db/scripts/derive-postgres-schema.mjs            writes the derived file
//   node libs/db/scripts/derive-postgres-schema.mjs --stdout   prints it (the staleness test uses this)
//
// Plain Node with no dependencies.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRISMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../prisma');
export const SOURCE = join(PRISMA_DIR, 'schema.prisma');
export const TARGET = join(PRISMA_DIR, 'postgres/schema.prisma');
/**
 * Never used to connect: the client and the CLI (prisma.postgres.config.ts) connect through the `pg`
 * driver adapter with DATABASE_URL. It is a literal, not env("DATABASE_URL"), because the CLI fails
 * to read a schema whose env() is unset and then falls back to downloading a query engine, which
 * breaks `generate` and `migrate diff` offline.
 */
const PLACEHOLDER_URL = '"postgresql://bishan:bishan@127.0.0.1:5432/bishan"';
/** Relative to TARGET's folder: the workspace root's node_modules. */
const CLIENT_OUTPUT = '../../../../node_modules/.prisma/client-postgres';

const HEADER = [
  '// GENERATED from ../schema.prisma by libs/db/scripts/derive-postgres-schema.mjs: do not edit.',
  '// Edit ../schema.prisma, then run `node libs/db/scripts/derive-postgres-schema.mjs`.',
  '',
].join('\n');

/** Rewrites the body of the top-level block `<kind> <name> { … }` with `edit`; throws if it is missing. */
function editBlock(text, kind, name, edit) {
  const pattern = new RegExp(`^(${kind}\\s+${name}\\s*\\{\\n)([\\s\\S]*?)(^\\})`, 'm');
  if (!pattern.test(text)) throw new Error(`schema.prisma: no \`${kind} ${name} { … }\` block`);
  return text.replace(pattern, (_, open, body, close) => `${open}${edit(body)}${close}`);
}

function replaceLine(body, key, line) {
  const pattern = new RegExp(`^(\\s*)${key}(\\s*)=.*$`, 'm');
  if (!pattern.test(body)) throw new Error(`schema.prisma: no \`${key} = …\` line to replace`);
  return body.replace(pattern, (_, indent, gap) => `${indent}${key}${gap}= ${line}`);
}

export function derivePostgresSchema(sqliteSchema) {
  let text = editBlock(sqliteSchema, 'datasource', 'db', (body) => {
    if (!/^\s*provider\s*=\s*"sqlite"\s*$/m.test(body))
      throw new Error('schema.prisma: the datasource is not sqlite');
    return replaceLine(replaceLine(body, 'provider', '"postgresql"'), 'url', PLACEHOLDER_URL);
  });
  text = editBlock(text, 'generator', 'client', (body) => {
    if (/^\s*output\s*=/m.test(body)) throw new Error('schema.prisma: the generator already sets an output');
    return `${body}  output     = "${CLIENT_OUTPUT}"\n`;
  });
  return HEADER + text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const derived = derivePostgresSchema(readFileSync(SOURCE, 'utf8'));
  if (process.argv.includes('--stdout')) process.stdout.write(derived);
  else {
    writeFileSync(TARGET, derived);
    console.log(`wrote ${TARGET}`);
  }
}
