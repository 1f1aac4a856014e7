// dlxh reanalyse: after the models change, give the stored records today's analysis (see
// pipeline/reanalyse.ts). Records the current models already analysed are left alone unless --all.
import { openRuntime } from '../runtime.ts';
import { reanalyseStore } from '../../pipeline/reanalyse.ts';
import { progress, rate } from '../progress.ts';

export async function reanalyseCommand(opts: { data: string; config?: string; model?: string; all?: boolean }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config, modelDir: opts.model });
  try {
    const started = Date.now();
    const p = progress();
    const r = await reanalyseStore(rt.store, rt.analyser, {
      all: opts.all ?? false,
      onBatch: (n) => p.update(`reanalyse: ${n.seen} records read, ${n.reanalysed} re-analysed (${rate(n.seen, started)} records/s)`),
    });
    p.done(`reanalyse: ${r.reanalysed} of ${r.seen} records re-analysed with ${rt.analyser.version}; ${r.current} were already current (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await rt.close();
  }
}
