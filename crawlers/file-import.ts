// File import: CSV, NDJSON and JSON exports from other tools, streamed so that a file of a
// million lines keeps memory flat. A broken row is reported with its line number and skipped;
// the rows before and after it are still imported.
import { createReadStream, statSync, openSync, readSync, closeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { RawItem, type RawItemInput } from './raw-item.ts';
import type { SourceRefT } from '../pipeline/record.ts';
import { fold } from '../pipeline/language/fold.ts';
import { parseMachineDate } from './published-date.ts';
import { encodingOfBom, readLines } from '../pipeline/lines.ts';

export type FileFormat = 'csv' | 'ndjson' | 'json';

export type ImportProblem = { line: number; message: string };

export type FileImportOptions = {
  source: SourceRefT;
  format?: FileFormat;
  /** Character encoding of the file when it is not UTF-8 (any name iconv-lite knows, e.g. windows-1258). */
  encoding?: string;
  /** Record field → column or field name in the file. */
  mapping?: Record<string, string>;
  onProblem?: (p: ImportProblem) => void;
  now?: () => string;
};

// Column names other tools and people commonly use for each field, tried in order when no mapping
// is given. Names are compared folded: case, diacritics, spaces, "_", "-" and "." do not count, so
// "Nội dung", "NOI_DUNG" and "noi dung" are one name.
const FIELD_NAMES: Record<string, string[]> = {
  text: ['text', 'content', 'message', 'body', 'nội dung', 'description', 'mô tả'],
  title: ['title', 'headline', 'tiêu đề', 'tựa đề'],
  url: ['url', 'link', 'permalink', 'permalink_url', 'đường dẫn', 'liên kết'],
  platformId: ['id', 'post_id', 'platform_id', 'mã'],
  publishedAt: ['publishedAt', 'created_time', 'created_at', 'date', 'time', 'ngày đăng', 'ngày', 'thời gian', 'ngày giờ'],
  authorName: ['author', 'authorName', 'user', 'from_name', 'tác giả', 'người đăng'],
  authorHandle: ['authorHandle', 'username', 'from_id', 'tài khoản'],
  kind: ['kind', 'type'],
  parentRef: ['parentId'],
  threadRef: ['threadId'],
  platform: ['platform', 'network', 'nền tảng', 'mạng xã hội'],
  likes: ['likes', 'like_count', 'reactions', 'lượt thích', 'thích'],
  shares: ['shares', 'share_count', 'lượt chia sẻ', 'chia sẻ'],
  comments: ['comments', 'comment_count', 'lượt bình luận', 'bình luận'],
  views: ['views', 'view_count', 'lượt xem'],
};

const columnKey = (name: string): string => fold(name).replace(/[\s_.-]+/g, '');
const FIELD_KEYS: Record<string, string[]> = Object.fromEntries(
  Object.entries(FIELD_NAMES).map(([field, names]) => [field, [...new Set(names.map(columnKey))]]),
);

export class FileImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileImportError';
  }
}

export function detectFormat(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  throw new FileImportError(`${file}: cannot tell the format from the extension "${ext}": pass --format csv|ndjson|json`);
}

/** The first 64 KiB of a file: enough to see its byte-order mark, its header line and whether it is UTF-8. */
function headOf(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The first line of a file's head, decoded. */
function headerLine(head: Buffer, encoding: string | undefined): string {
  const text = encoding && !/^utf-?8$/i.test(encoding) ? iconv.decode(head, encoding) : head.toString('utf8');
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/**
 * The CSV delimiter a header line uses: the commonest of comma, semicolon and tab outside quotes.
 * Excel writes ";" where the decimal separator is "," (as in Vietnamese settings).
 */
function delimiterOf(header: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best = ',';
  for (const [c, n] of counts) if (n > (counts.get(best) as number)) best = c;
  return best;
}

/** Refuses a file that is not valid UTF-8 (unless an encoding was given), before anything is read. */
function checkUtf8(file: string, head: Buffer): void {
  // Cut back to a character boundary so a multi-byte character split by the head is not an error.
  const full = head.length === 65536;
  let end = head.length;
  if (full) while (end > 0 && ((head[end - 1] as number) & 0xc0) === 0x80) end--;
  if (full && end > 0 && (head[end - 1] as number) >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    throw new FileImportError(
      `${file}: the file is not UTF-8. Pass its encoding with --encoding (for Vietnamese files usually windows-1258), or convert it to UTF-8 first`,
    );
  }
}

// The columns of the last row seen, by folded name: the rows of one file share their columns.
let lastColumns = '';
let columnsByKey = new Map<string, string>();

function columnsOf(row: Record<string, unknown>): Map<string, string> {
  const names = Object.keys(row);
  const joined = names.join('\u0000');
  if (joined !== lastColumns) {
    lastColumns = joined;
    columnsByKey = new Map();
    for (const name of names) if (!columnsByKey.has(columnKey(name))) columnsByKey.set(columnKey(name), name);
  }
  return columnsByKey;
}

function pick(row: Record<string, unknown>, field: string, mapping: Record<string, string>): unknown {
  const mapped = mapping[field];
  if (mapped !== undefined) return row[mapped];
  const columns = columnsOf(row);
  for (const key of FIELD_KEYS[field] ?? [columnKey(field)]) {
    const name = columns.get(key);
    if (name !== undefined && row[name] !== undefined && row[name] !== '') return row[name];
  }
  return undefined;
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/**
 * A date as people and tools write it: ISO, epoch seconds, RFC 2822, or day first as in Vietnam
 * ("05/11/2026 08:30" is 5 November, Vietnam time; Date.parse would read 11 May). Kept as given
 * when it is none of these.
 */
const dateOf = (v: string | null): string | null => (v === null ? null : (parseMachineDate(v) ?? v));

const count = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v.replace(/[.,\s]/g, '')) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export function rowToItem(row: Record<string, unknown>, o: FileImportOptions): RawItem {
  const m = o.mapping ?? {};
  const collectedAt = o.now?.() ?? new Date().toISOString();
  const engagement = {
    likes: count(pick(row, 'likes', m)), shares: count(pick(row, 'shares', m)),
    comments: count(pick(row, 'comments', m)), views: count(pick(row, 'views', m)),
  };
  const platform = str(pick(row, 'platform', m));
  const input: RawItemInput = {
    source: platform ? { ...o.source, platform } : o.source,
    engagement: Object.values(engagement).some((v) => v !== undefined) ? { ...engagement, readAt: collectedAt } : null,
    kind: (str(pick(row, 'kind', m)) ?? (o.source.kind === 'submission' ? 'submission' : 'post')) as RawItemInput['kind'],
    url: str(pick(row, 'url', m)),
    platformId: str(pick(row, 'platformId', m)),
    parentRef: str(pick(row, 'parentRef', m)),
    threadRef: str(pick(row, 'threadRef', m)),
    title: str(pick(row, 'title', m)),
    text: str(pick(row, 'text', m)) ?? '',
    publishedAt: dateOf(str(pick(row, 'publishedAt', m))),
    authorName: str(pick(row, 'authorName', m)),
    authorHandle: str(pick(row, 'authorHandle', m)),
    collectedAt,
  };
  const parsed = RawItem.safeParse(input);
  if (!parsed.success) {
    throw new FileImportError(parsed.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

function decoded(file: string, encoding: string | undefined): Readable {
  const raw = createReadStream(file);
  if (!encoding || /^utf-?8$/i.test(encoding)) return raw;
  if (!iconv.encodingExists(encoding)) throw new FileImportError(`unknown encoding "${encoding}" (try windows-1258, utf-16le, latin1)`);
  return raw.pipe(iconv.decodeStream(encoding)) as unknown as Readable;
}

/** Streams the items of a file. Broken rows go to onProblem with their line number. */
export async function* readItems(file: string, options: FileImportOptions): AsyncGenerator<RawItem> {
  try {
    statSync(file);
  } catch {
    throw new FileImportError(`${file}: file not found`);
  }
  const format = options.format ?? detectFormat(file);
  // A file that opens with a UTF-16 byte-order mark (Windows "Unicode") says its encoding itself.
  const head = headOf(file);
  const bom = encodingOfBom(head);
  const encoding = options.encoding ?? (bom === 'utf-8' ? undefined : bom);
  if (!encoding) checkUtf8(file, head);
  const problem = (line: number, message: string) => options.onProblem?.({ line, message });

  if (format === 'ndjson') {
    let line = 0;
    for await (const text of readLines(decoded(file, encoding))) {
      line++;
      if (!text.trim()) continue;
      try {
        const row: unknown = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text);
        if (!row || typeof row !== 'object' || Array.isArray(row)) throw new FileImportError('expected a JSON object');
        yield rowToItem(row as Record<string, unknown>, options);
      } catch (err) {
        problem(line, (err as Error).message);
      }
    }
    return;
  }

  if (format === 'csv') {
    const parser = decoded(file, encoding).pipe(parseCsv({
      columns: true, bom: true, skip_empty_lines: true, relax_quotes: true, trim: true,
      skip_records_with_error: true, info: true,
      delimiter: file.toLowerCase().endsWith('.tsv') ? '\t' : delimiterOf(headerLine(head, encoding)),
      on_skip: (err) => { if (err) problem(Number(err.lines), err.message); return undefined; },
    }));
    for await (const entry of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      try {
        yield rowToItem(entry.record, options);
      } catch (err) {
        problem(entry.info.lines, (err as Error).message);
      }
    }
    return;
  }

  // JSON: an array of objects, or an object with an array under "items", "data" or "posts".
  const size = statSync(file).size;
  if (size > 512 * 1024 * 1024) throw new FileImportError(`${file}: JSON files over 512 MB cannot be read at once: export NDJSON instead`);
  let text = '';
  for await (const chunk of decoded(file, encoding)) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FileImportError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc
    : doc && typeof doc === 'object' ? ['items', 'data', 'posts'].map((k) => (doc as Record<string, unknown>)[k]).find(Array.isArray) : undefined;
  if (!Array.isArray(list)) throw new FileImportError(`${file}: expected a JSON array of objects (or {"items": [...]})`);
  for (let i = 0; i < list.length; i++) {
    try {
      const row: unknown = list[i];
      if (!row || typeof row !== 'object') throw new FileImportError('expected a JSON object');
      yield rowToItem(row as Record<string, unknown>, options);
    } catch (err) {
      problem(i + 1, `item ${i + 1}: ${(err as Error).message}`);
    }
  }
}
