// Place recognition on the hand-labelled sentences of test/data/places-dev.jsonl (written for
// the project): precision and recall of unit codes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGazetteer, findPlaces } from '../../pipeline/language/places.ts';

const DEV = fileURLToPath(new URL('../data/places-dev.jsonl', import.meta.url));

export function evaluatePlaces(file = DEV): { sentences: number; precision: number; recall: number; f1: number } {
  const g = loadGazetteer();
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text?: string; places?: string[] }).filter((r) => r.text);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const gold = [...(r.places ?? [])];
    for (const m of findPlaces(g, r.text as string)) {
      const i = gold.indexOf(m.code);
      if (i >= 0) { gold.splice(i, 1); tp++; } else fp++;
    }
    fn += gold.length;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { sentences: rows.length, precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
}
