import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../embedded-database.ts';
import { createSqliteQueue } from './sqlite-queue.ts';
import { queueContract } from './queue.contract.ts';

queueContract('sqlite (embedded)', async () => {
  let clock = 1_800_000_000_000;
  const queue = createSqliteQueue<{ n: number; text: string }>(openDatabase(':memory:'), 'test', () => clock);
  return { queue, advance: async (ms) => { clock += ms; } };
});

describe('sqlite queue: a job leased by a process that died', () => {
  it('is handed out again at once when the queue is opened', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dlxh-queue-')), 'q.sqlite');
    const q = createSqliteQueue<{ n: number }>(openDatabase(file), 'q');
    await q.add([{ key: 'a', data: { n: 1 } }]);
    await q.close();
    // Another process takes the job under a long lease, then exits without completing it.
    const script = `
      import { openDatabase } from ${JSON.stringify(path.resolve(import.meta.dirname, '..', 'embedded-database.ts'))};
      import { createSqliteQueue } from ${JSON.stringify(path.resolve(import.meta.dirname, 'sqlite-queue.ts'))};
      const q = createSqliteQueue(openDatabase(${JSON.stringify(file)}), 'q');
      const jobs = await q.take(1, 3600000);
      console.log(jobs.length);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('1');
    const again = createSqliteQueue<{ n: number }>(openDatabase(file), 'q');
    expect((await again.take(1, 1000)).map((j) => j.key)).toEqual(['a']);
    await again.close();
  });
});
