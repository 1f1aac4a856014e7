// Model weights as the model files store them and as scoring reads them: int16, the weight being
// value × scale, with the largest weight at ±32767. Half the memory of float weights for tables
// read at random for every feature, and a model trained in memory scores exactly as the same
// model loaded from its file.

export type QuantisedWeights = { values: Int16Array; scale: number };

export function quantiseWeights(weights: Float32Array): QuantisedWeights {
  let maxAbs = 0;
  for (const w of weights) if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const values = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.round((weights[i] as number) / scale);
  return { values, scale };
}
