// The queue contract: every adapter of the queue port must pass these tests.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Queue } from './queue.ts';

type Payload = { n: number; text: string };

/** `create` gives a fresh empty queue; `advance` moves the adapter's clock forward (ms). */
export function queueContract(name: string, create: () => Promise<{ queue: Queue<Payload>; advance: (ms: number) => Promise<void> }>) {
  describe(`queue contract: ${name}`, () => {
    let queue: Queue<Payload>;
    let advance: (ms: number) => Promise<void>;
    beforeEach(async () => { ({ queue, advance } = await create()); });
    afterEach(async () => { await queue.close(); });

    it('hands out jobs in order with their data, once per lease', async () => {
      expect(await queue.add([{ key: 'a', data: { n: 1, text: 'bồi thường' } }, { key: 'b', data: { n: 2, text: 'x' } }])).toEqual({ added: 2 });
      const first = await queue.take(1, 60_000);
      expect(first.map((j) => [j.key, j.data, j.attempts])).toEqual([['a', { n: 1, text: 'bồi thường' }, 1]]);
      const second = await queue.take(10, 60_000);
      expect(second.map((j) => j.key)).toEqual(['b']);
      expect(await queue.take(10, 60_000)).toEqual([]);
      expect(await queue.counts()).toMatchObject({ pending: 0, active: 2, failed: 0 });
    });

    it('does not add a job whose key is already waiting', async () => {
      await queue.add([{ key: 'a', data: { n: 1, text: '' } }]);
      expect(await queue.add([{ key: 'a', data: { n: 1, text: '' } }, { key: 'b', data: { n: 2, text: '' } }])).toEqual({ added: 1 });
      expect((await queue.counts()).pending).toBe(2);
    });

    it('removes completed jobs; a key can be added again afterwards', async () => {
      await queue.add([{ key: 'a', data: { n: 1, text: '' } }]);
      const [job] = await queue.take(1, 60_000);
      await queue.complete([job!.id]);
      expect(await queue.counts()).toEqual({ pending: 0, active: 0, failed: 0 });
      expect(await queue.add([{ key: 'a', data: { n: 1, text: '' } }])).toEqual({ added: 1 });
    });

    it('hands a job out again when its lease runs out (the worker crashed)', async () => {
      await queue.add([{ key: 'a', data: { n: 1, text: '' } }]);
      await queue.take(1, 1000);
      expect(await queue.take(1, 1000)).toEqual([]);
      await advance(1500);
      const again = await queue.take(1, 1000);
      expect(again.map((j) => [j.key, j.attempts])).toEqual([['a', 2]]);
    });

    it('retries a failed job after a back-off and parks it after the last attempt', async () => {
      await queue.add([{ key: 'a', data: { n: 1, text: '' } }]);
      let [job] = await queue.take(1, 1000);
      expect(await queue.fail(job!.id, 'boom', { retryInMs: 500, maxAttempts: 2 })).toBe('retry');
      expect(await queue.take(1, 1000)).toEqual([]);
      await advance(600);
      [job] = await queue.take(1, 1000);
      expect(job!.attempts).toBe(2);
      expect(await queue.fail(job!.id, 'boom again', { maxAttempts: 2 })).toBe('failed');
      expect(await queue.counts()).toEqual({ pending: 0, active: 0, failed: 1 });
      expect((await queue.failed(10)).map((j) => [j.key, j.error])).toEqual([['a', 'boom again']]);
      expect(await queue.retryFailed()).toBe(1);
      expect((await queue.take(1, 1000)).map((j) => j.key)).toEqual(['a']);
    });
  });
}
