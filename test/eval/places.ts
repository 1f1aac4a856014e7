// Place recognition on the hand-labelled sentences of test/data/places-dev.jsonl (written for
// the project): precision and recall of unit codes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadGazetteer, findPlaces } from '../../pipeline/language/places.ts';
import { fold } from '../../pipeline/language/fold.ts';
import { LABELLED_DIR, labelFiles, readNewsLabelled, type NewsCorpus } from '../../pipeline/train-models.ts';

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

const NEWS = fileURLToPath(new URL('../data/labelled/places-news.jsonl', import.meta.url));

/**
 * Place mentions of the province in real news sentences (RDRsegmenter gold, UD-VTB): every
 * sentence of the corpora we labelled for sentiment, with our labels for those in which a name of
 * one of the province's units occurs (places-news.jsonl: the folded names that really mean a
 * place of the province). A mention counts by its old name when it used one, else its name.
 */
export function evaluateNewsPlaces(file = NEWS): { sentences: number; mentions: number; precision: number; recall: number } {
  const g = loadGazetteer();
  const gold = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { source?: NewsCorpus; index?: number; places?: string[] };
    if (r.source !== undefined && r.index !== undefined) gold.set(`${r.source}:${r.index}`, r.places ?? []);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let sentences = 0;
  for (const file of labelFiles('news')) {
    for (const s of readNewsLabelled(join(LABELLED_DIR, file))) {
      sentences++;
      const expected = new Set(gold.get(`${s.source}:${s.index}`) ?? []);
      const found = new Set(findPlaces(g, s.text).map((m) => fold(m.oldName ?? m.name).toLowerCase()));
      for (const name of found) if (expected.has(name)) tp++; else fp++;
      for (const name of expected) if (!found.has(name)) fn++;
    }
  }
  return { sentences, mentions: tp + fp, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}
