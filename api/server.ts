// The HTTP server: health, the records API and the dashboards. Crawled content is untrusted:
// pages render it as text under a strict Content-Security-Policy (DESIGN §9).
import express, { type Express } from 'express';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { RecordStore } from '../pipeline/store/store.ts';
import { recordsRouter } from './routes/records.ts';
import { problemHandler, sendProblem } from './problem.ts';
import { openApiDocument } from './openapi.ts';

const DASHBOARDS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dashboards');

export type ServerDeps = { store: RecordStore; ready: () => Promise<boolean> };

export function createApp(deps: ServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use((_req, res, next) => {
    res.set({
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    next();
  });
  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    if (ok) res.json({ status: 'ready' });
    else sendProblem(res, 503, 'Not ready', 'the store is not reachable yet');
  });
  const openapi = openApiDocument();
  app.get('/api/v1/openapi.json', (_req, res) => { res.json(openapi); });
  app.use('/api/v1', recordsRouter(deps.store));
  app.use('/api', (_req, res) => sendProblem(res, 404, 'Not found', 'no such API route; see /api/v1/records'));
  app.use(express.static(DASHBOARDS, { index: 'index.html', extensions: ['html'] }));
  app.use(problemHandler);
  return app;
}

export async function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}
