// Evidence: the raw response of every stored item, kept by its SHA-256 so a reviewer can show
// exactly what was published. Stored gzip'd under evidence/<first two hex>/<sha256>.gz.
import { createHash } from 'node:crypto';
import { mkdir, writeFile, access } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { CrawlContext } from './crawl-context.ts';

export type Evidence = { sha256: string; contentType: string | null; path: string | null };

export async function evidenceOf(ctx: Pick<CrawlContext, 'evidenceDir'>, body: Uint8Array, contentType: string | null): Promise<Evidence> {
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (!ctx.evidenceDir) return { sha256, contentType, path: null };
  const file = path.join(ctx.evidenceDir, sha256.slice(0, 2), `${sha256}.gz`);
  try {
    await access(file);
  } catch {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, gzipSync(body));
  }
  return { sha256, contentType, path: path.relative(ctx.evidenceDir, file) };
}
