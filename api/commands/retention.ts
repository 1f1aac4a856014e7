// dlxh retention: delete records and evidence older than each source's retentionDays.
import path from 'node:path';
import { openRuntime } from '../runtime.ts';
import { applyRetention } from '../retention.ts';

export async function retentionCommand(opts: { data: string; config?: string; sources?: string }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config, sourcesFile: opts.sources });
  try {
    for (const r of await applyRetention(rt.store, rt.config.sources.sources, path.join(rt.dataDir, 'evidence'))) {
      console.error(`${r.sourceId}: ${r.records} records and ${r.evidenceFiles} evidence files past retention deleted`);
    }
  } finally {
    await rt.close();
  }
}
