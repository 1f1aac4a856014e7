// Retention (DESIGN §2, §5): each source keeps its records and their evidence for
// `retentionDays`; older ones are deleted, and evidence files no remaining record refers to
// are removed with them (the rendered page's screenshot too).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SourceConfig } from '../config/schema.ts';
import type { RecordStore } from '../pipeline/store/store.ts';

export type RetentionReport = { sourceId: string; records: number; evidenceFiles: number };

export async function applyRetention(store: RecordStore, sources: SourceConfig[], evidenceDir: string, now = Date.now()): Promise<RetentionReport[]> {
  const out: RetentionReport[] = [];
  for (const s of sources) {
    const r = await store.purge(s.id, new Date(now - s.retentionDays * 86400_000).toISOString());
    let files = 0;
    for (const rel of r.evidence) {
      const file = path.resolve(evidenceDir, rel);
      // Only files inside the evidence folder are ever removed.
      if (!file.startsWith(path.resolve(evidenceDir) + path.sep)) continue;
      for (const f of [file, file.replace(/\.gz$/, '.png')]) {
        await rm(f, { force: true });
      }
      files++;
    }
    out.push({ sourceId: s.id, records: r.records, evidenceFiles: files });
  }
  return out;
}
