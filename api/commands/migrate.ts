// dlxh db migrate: create or upgrade the embedded database.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { migrate } from '../../pipeline/embedded-database.ts';

export async function migrateCommand(opts: { data: string }) {
  mkdirSync(opts.data, { recursive: true });
  const file = path.join(opts.data, 'dlxh.sqlite');
  const db = new DatabaseSync(file);
  try {
    const r = migrate(db);
    console.log(r.applied.length ? `${file}: migrated from version ${r.from} to ${r.to}:\n  ${r.applied.join('\n  ')}` : `${file}: already at version ${r.to}`);
  } finally {
    db.close();
  }
}
