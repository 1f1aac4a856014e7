// Language identification on test/data/language-id-dev.jsonl (written for the project).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../../pipeline/language/language-id.ts';

const DEV = fileURLToPath(new URL('../data/language-id-dev.jsonl', import.meta.url));

export function evaluateLanguageId(file = DEV): { lines: number; accuracy: number } {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text?: string; lang?: string }).filter((r) => r.text && r.lang);
  const correct = rows.filter((r) => detectLanguage(r.text as string).lang === r.lang).length;
  return { lines: rows.length, accuracy: correct / Math.max(1, rows.length) };
}
