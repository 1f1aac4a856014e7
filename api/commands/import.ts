// dlxh import FILE: stream the file into the durable queue in batches, processing as it goes.
// A rerun after a crash (even kill -9) leaves every record exactly once: jobs not yet done are
// taken again and the store upserts by id.
import path from 'node:path';
import { openRuntime } from '../runtime.ts';
import { readItems, type FileFormat } from '../../crawlers/file-import.ts';
import { rawItemKey, type RawItem } from '../../crawlers/raw-item.ts';
import { drain } from '../../pipeline/ingest.ts';
import { slugify } from '../../pipeline/language/fold.ts';
import type { SourceRefT } from '../../pipeline/record.ts';
import { EXIT } from '../exit-codes.ts';
import { progress, rate } from '../progress.ts';

const BATCH = 1000;

export async function importCommand(file: string, opts: { data: string; config?: string; source?: string; format?: FileFormat; encoding?: string }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config });
  try {
    const configured = opts.source ? rt.config.sources.sources.find((s) => s.id === opts.source) : undefined;
    const source: SourceRefT = configured
      ? { id: configured.id, kind: configured.kind, platform: null, name: configured.name }
      : { id: opts.source ?? `import-${slugify(path.basename(file, path.extname(file))) || 'file'}`, kind: 'file', platform: null, name: path.basename(file) };
    const mapping = configured?.kind === 'file' ? configured.mapping : undefined;
    const started = Date.now();
    const p = progress();
    let read = 0;
    let skipped = 0;
    let stored = 0;
    let duplicates = 0;
    let batch: RawItem[] = [];
    const flush = async () => {
      await rt.queue.add(batch.map((item) => ({ key: rawItemKey(item), data: item })));
      batch = [];
      const s = await drain(rt.pipeline);
      stored += s.stored;
      duplicates += s.duplicates;
      skipped += s.failed;
      p.update(`import ${path.basename(file)}: ${read} read, ${stored} indexed (${rate(stored, started)}/s), ${skipped} skipped`);
    };
    // Jobs left by an interrupted earlier run are finished first.
    await flush();
    for await (const item of readItems(file, {
      source, format: opts.format, encoding: opts.encoding, mapping,
      onProblem: (pr) => { skipped++; console.error(`${file}:${pr.line}: skipped: ${pr.message}`); },
    })) {
      read++;
      batch.push(item);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const failed = await rt.queue.failed(5);
    for (const f of failed) console.error(`not indexed: ${f.key}: ${f.error}`);
    p.done(`import ${path.basename(file)}: ${read} read, ${stored} indexed (${duplicates} repeat earlier text), ${skipped} skipped, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = skipped ? EXIT.partial : EXIT.ok;
  } finally {
    await rt.close();
  }
}
