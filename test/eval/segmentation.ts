// Word segmentation quality and speed on UD Vietnamese-VTB dev (never used for training).
//
//   node test/eval/segmentation.ts [devPath] [--model PATH] [--errors N]
//
// Word F1: a predicted word is correct when its syllable span equals a gold word's span.
// Speed: syllables segmented per second on one core, after a warm-up pass.

import { loadSegmenter } from '../../pipeline/language/segment.ts';
import { goldInput, readConllu, scoreSegmentation, UD_DEV_PATH } from '../../pipeline/language/segmenter-training.ts';

export type SegmentationEvaluation = {
  sentences: number;
  goldWords: number;
  precision: number;
  recall: number;
  f1: number;
  syllablesPerSecond: number;
  modelVersion: string;
  loadMs: number;
};

export function evaluateSegmentation(
  devPath: string = UD_DEV_PATH,
  modelPath?: string,
): SegmentationEvaluation {
  const loadStarted = performance.now();
  const segmenter = modelPath === undefined ? loadSegmenter() : loadSegmenter(modelPath);
  const loadMs = performance.now() - loadStarted;
  const sentences = readConllu(devPath);
  const score = scoreSegmentation(segmenter, sentences);

  // Speed: one input per sentence, the whole dev set repeated for at least 2 CPU seconds.
  const inputs = sentences.map(goldInput);
  for (const input of inputs) segmenter.segment(input);
  // CPU time rather than wall time: the figure should not depend on what else the machine runs.
  let rounds = 0;
  const started = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < 2000) {
    for (const input of inputs) segmenter.segment(input);
    rounds++;
    const used = process.cpuUsage(started);
    elapsed = (used.user + used.system) / 1000;
  }
  return {
    sentences: score.sentences,
    goldWords: score.goldWords,
    precision: score.precision,
    recall: score.recall,
    f1: score.f1,
    syllablesPerSecond: Math.round((score.syllables * rounds) / (elapsed / 1000)),
    modelVersion: segmenter.version,
    loadMs,
  };
}

/** Prints the first n sentences where the prediction differs from gold (for error analysis). */
function printErrors(devPath: string, n: number, modelPath?: string): void {
  const segmenter = modelPath === undefined ? loadSegmenter() : loadSegmenter(modelPath);
  let shown = 0;
  for (const sentence of readConllu(devPath)) {
    if (shown >= n) break;
    const gold = sentence.words.map((w) => w.replace(/ /g, '_'));
    const predicted = segmenter.segment(goldInput(sentence));
    if (gold.join(' ') === predicted.join(' ')) continue;
    const goldSet = new Set(gold);
    const predictedSet = new Set(predicted);
    console.log(
      `missed: ${gold.filter((w) => !predictedSet.has(w)).join(' | ')}\n` +
        `  made: ${predicted.filter((w) => !goldSet.has(w)).join(' | ')}`,
    );
    shown++;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const positional = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const devPath = positional ?? UD_DEV_PATH;
  const modelPath = flag('--model');
  if (flag('--errors') !== undefined) printErrors(devPath, Number(flag('--errors')), modelPath);
  const result = evaluateSegmentation(devPath, modelPath);
  console.log(`segmentation on ${devPath} (model ${result.modelVersion})`);
  console.log(`  sentences          ${result.sentences}`);
  console.log(`  gold words         ${result.goldWords}`);
  console.log(`  precision          ${result.precision.toFixed(4)}`);
  console.log(`  recall             ${result.recall.toFixed(4)}`);
  console.log(`  word F1            ${result.f1.toFixed(4)}`);
  console.log(`  syllables/second   ${result.syllablesPerSecond.toLocaleString('en')}`);
  console.log(`  model load         ${result.loadMs.toFixed(0)} ms`);
}
