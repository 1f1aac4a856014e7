// Errors as application/problem+json (RFC 9457): a title, the status, and a detail that says
// what to fix.
import type { Request, Response, NextFunction } from 'express';
import { ZodError } from 'zod';
import { InvalidCursorError } from '../pipeline/store/store.ts';

export class HttpProblem extends Error {
  status: number;
  title: string;
  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

export function sendProblem(res: Response, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
}

export function problemHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof ZodError) {
    const errors = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return sendProblem(res, 400, 'Invalid request', errors.map((e) => `${e.path || 'request'}: ${e.message}`).join('; '), { errors });
  }
  if (err instanceof InvalidCursorError) return sendProblem(res, 400, 'Invalid cursor', err.message);
  if (err instanceof HttpProblem) return sendProblem(res, err.status, err.title, err.message);
  const status = (err as { status?: number }).status;
  if (status && status >= 400 && status < 500) return sendProblem(res, status, 'Bad request', (err as Error).message);
  console.error(err);
  sendProblem(res, 500, 'Internal error', 'the server could not complete the request; it has been logged');
}
