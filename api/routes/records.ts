// GET /api/v1/records: text query, filters, cursor pagination; GET /api/v1/records/:id.
import { Router } from 'express';
import { z } from 'zod';
import type { RecordStore } from '../../pipeline/store/store.ts';
import { SENTIMENT_LABELS } from '../../pipeline/record.ts';
import { HttpProblem } from '../problem.ts';

// Repeated parameters (?topic=a&topic=b) and comma lists (?topic=a,b) both work.
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

const dateParam = z.string().transform((v, ctx) => {
  const value = /^\d{4}-\d\d-\d\d$/.test(v) ? `${v}T00:00:00+07:00` : v;
  if (Number.isNaN(Date.parse(value))) {
    ctx.addIssue({ code: 'custom', message: 'expected a date (2026-11-18) or an ISO date-time with offset' });
    return z.NEVER;
  }
  return new Date(value).toISOString();
});

export const RecordsQueryParams = z.object({
  q: z.string().max(2000).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  source: list.optional(),
  topic: list.optional(),
  sentiment: list.pipe(z.array(z.enum(SENTIMENT_LABELS))).optional(),
  place: list.optional(),
  cluster: list.optional(),
  duplicates: z.enum(['show', 'hide']).default('hide'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().optional(),
}).strict();

export function recordsRouter(store: RecordStore): Router {
  const router = Router();
  router.get('/records', async (req, res) => {
    const p = RecordsQueryParams.parse(req.query);
    const page = await store.search({
      q: p.q, from: p.from, to: p.to, sources: p.source, topics: p.topic, sentiments: p.sentiment, places: p.place, clusters: p.cluster,
      hideDuplicates: p.duplicates === 'hide', limit: p.limit, cursor: p.cursor,
    });
    // How many records (copies included) each story on this page has: the narrative's size.
    const clusters = [...new Set(page.items.map((r) => r.clusterId ?? r.id))];
    const sizes = clusters.length ? await store.counts({ clusters, hideDuplicates: false }, 'cluster') : [];
    res.json({ ...page, stories: Object.fromEntries(sizes.map((c) => [c.key, c.count])) });
  });
  router.get('/records/:id', async (req, res) => {
    const record = await store.get(req.params.id);
    if (!record) throw new HttpProblem(404, 'Not found', `no record with id "${req.params.id}"`);
    res.json(record);
  });
  return router;
}
