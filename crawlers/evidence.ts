// Evidence: the raw response of every stored item, kept by its SHA-256 so a reviewer can show
// exactly what was published. Stored gzip'd under evidence/<first two hex>/<sha256>.gz.
//
// The compression runs on libuv's thread pool, not on the crawl's thread, where it was the
// largest cost after extraction. It is gzip level 1: on a news page it takes half the CPU of the
// default level 6 (0.5 against 1.05 ms for 78 KB) for a file about an eighth larger (16 % of the
// page against 14 %); what a reviewer gunzips is byte for byte the same.
import { createHash } from 'node:crypto';
import { mkdir, writeFile, access } from 'node:fs/promises';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import path from 'node:path';
import type { CrawlContext } from './crawl-context.ts';

export type Evidence = { sha256: string; contentType: string | null; path: string | null };

const gzipAsync = promisify(gzip);
const GZIP_LEVEL = 1;

// Folders known to exist: one mkdir per folder and process, not per page.
const madeDirs = new Set<string>();

/** Writes a new file, making its folder first if it is not known to exist (or was removed since). */
async function writeNew(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    if (madeDirs.size > 10_000) madeDirs.clear();
    madeDirs.add(dir);
  }
  try {
    await writeFile(file, data);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    madeDirs.delete(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(file, data);
  }
}

export async function evidenceOf(ctx: Pick<CrawlContext, 'evidenceDir'>, body: Uint8Array, contentType: string | null): Promise<Evidence> {
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (!ctx.evidenceDir) return { sha256, contentType, path: null };
  const file = path.join(ctx.evidenceDir, sha256.slice(0, 2), `${sha256}.gz`);
  try {
    await access(file);
  } catch {
    await writeNew(file, await gzipAsync(body, { level: GZIP_LEVEL }));
  }
  return { sha256, contentType, path: path.relative(ctx.evidenceDir, file) };
}

/**
 * A second artefact of an item (a rendered page's screenshot), kept beside the item's main
 * evidence as evidence/<first two hex>/<main sha256>.<extension>, so the item's evidence leads to
 * it. Stored as is, not gzip'd (PNG is already compressed); the returned sha256 is the artefact's own.
 */
export async function artefactOf(ctx: Pick<CrawlContext, 'evidenceDir'>, main: Evidence, body: Uint8Array, contentType: string, extension: string): Promise<Evidence> {
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (!ctx.evidenceDir) return { sha256, contentType, path: null };
  const file = path.join(ctx.evidenceDir, main.sha256.slice(0, 2), `${main.sha256}.${extension.replace(/[^a-z0-9]/gi, '')}`);
  try {
    await access(file);
  } catch {
    await writeNew(file, body);
  }
  return { sha256, contentType, path: path.relative(ctx.evidenceDir, file) };
}
