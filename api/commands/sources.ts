// dlxh sources: configured sources and their health — last success, last error, error rate,
// items per day (last 7 days) and, for API sources, the quota used today.
import { openRuntime } from '../runtime.ts';
import { youtubeQuotaDay } from '../../crawlers/youtube.ts';

export async function sourcesCommand(opts: { data: string; config?: string; sources?: string; json?: boolean }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config, sourcesFile: opts.sources });
  try {
    const health = new Map(rt.crawlState.health().map((h) => [h.sourceId, h]));
    const week = new Map((await rt.store.counts({ from: new Date(Date.now() - 7 * 86400_000).toISOString(), hideDuplicates: false }, 'source')).map((c) => [c.key, c.count]));
    const rows = rt.config.sources.sources.map((s) => {
      const h = health.get(s.id);
      return {
        id: s.id, kind: s.kind, name: s.name, enabled: s.enabled, schedule: s.schedule,
        lastSuccessAt: h?.lastSuccessAt ?? null, lastErrorAt: h?.lastErrorAt ?? null, lastError: h?.lastError ?? null,
        runs: h?.runs ?? 0, errorRate: h?.runs ? Number((h.failedRuns / h.runs).toFixed(3)) : 0, items: h?.itemsTotal ?? 0,
        itemsPerDay: Number(((week.get(s.id) ?? 0) / 7).toFixed(1)),
        quota: s.kind === 'youtube' ? { usedToday: rt.crawlState.quotaUsed(s.id, youtubeQuotaDay()), daily: s.dailyQuota } : null,
      };
    });
    if (opts.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows) {
      const quota = r.quota ? `  quota ${r.quota.usedToday}/${r.quota.daily}` : '';
      console.log(`${r.enabled ? ' ' : '-'} ${r.id.padEnd(28)} ${r.kind.padEnd(9)} items ${String(r.items).padStart(7)}  ${String(r.itemsPerDay).padStart(6)}/day  runs ${String(r.runs).padStart(4)}  errors ${(r.errorRate * 100).toFixed(0).padStart(3)}%  last ok ${r.lastSuccessAt ?? 'never'}${quota}${r.lastError ? `\n    last error: ${r.lastError}` : ''}`);
    }
  } finally {
    await rt.close();
  }
}
