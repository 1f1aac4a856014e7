// dlxh sources: configured sources and their health.
import { openRuntime } from '../runtime.ts';

export async function sourcesCommand(opts: { data: string; config?: string; json?: boolean }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config });
  try {
    const health = new Map(rt.crawlState.health().map((h) => [h.sourceId, h]));
    const rows = rt.config.sources.sources.map((s) => {
      const h = health.get(s.id);
      return {
        id: s.id, kind: s.kind, name: s.name, enabled: s.enabled,
        lastSuccessAt: h?.lastSuccessAt ?? null, lastErrorAt: h?.lastErrorAt ?? null, lastError: h?.lastError ?? null,
        runs: h?.runs ?? 0, errorRate: h?.runs ? Number((h.failedRuns / h.runs).toFixed(3)) : 0, items: h?.itemsTotal ?? 0,
      };
    });
    if (opts.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows) {
      console.log(`${r.enabled ? ' ' : '-'} ${r.id.padEnd(28)} ${r.kind.padEnd(8)} items ${String(r.items).padStart(7)}  runs ${String(r.runs).padStart(4)}  errors ${(r.errorRate * 100).toFixed(0).padStart(3)}%  last ok ${r.lastSuccessAt ?? 'never'}${r.lastError ? `\n    last error: ${r.lastError}` : ''}`);
    }
  } finally {
    await rt.close();
  }
}
