// Reads and validates the configuration files. A bad file stops start-up with a message that
// names the file, the path inside it and what was expected.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { SourcesFile, TopicsFile, ReportFile, type SourcesConfig, type TopicConfig, type ReportConfig } from './schema.ts';
import { ConfigError } from './config-error.ts';

export const DEFAULT_CONFIG_DIR = path.dirname(fileURLToPath(import.meta.url));

export { ConfigError };

/**
 * Replaces ${NAME} (or ${NAME:-default}) in string values by the environment variable, so secrets
 * stay out of the files.
 */
function interpolate(value: unknown, file: string, at: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      const v = process.env[name] ?? fallback;
      if (v === undefined) throw new ConfigError(`${file}: ${at || '(root)'}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, file, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, file, at ? `${at}.${k}` : k)]));
  }
  return value;
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)';
}

export function parseConfigFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  if (!existsSync(file)) throw new ConfigError(`${file}: file not found`);
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError(`${file}: cannot be parsed: ${(err as Error).message}`);
  }
  const result = schema.safeParse(interpolate(raw, file, ''));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(`${file}: invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export type Config = {
  dir: string;
  sources: SourcesConfig;
  topics: TopicConfig[];
  report: ReportConfig;
  gazetteerPath: string;
  /** The folder's claims.yaml, or the shipped one when the folder has none. */
  claimsPath: string;
  /** The folder's risk-signals.yaml, or the shipped one when the folder has none. */
  riskSignalsPath: string;
};

export function loadConfig(dir = DEFAULT_CONFIG_DIR, files: { sources?: string } = {}): Config {
  const sourcesPath = files.sources ?? path.join(dir, 'sources.yaml');
  const sources = parseConfigFile(sourcesPath, SourcesFile);
  // A file source's relative path is relative to the file that names it.
  for (const s of sources.sources) if (s.kind === 'file') s.path = path.resolve(path.dirname(sourcesPath), s.path);
  return {
    dir,
    sources,
    topics: parseConfigFile(path.join(dir, 'topics.yaml'), TopicsFile).topics,
    report: parseConfigFile(path.join(dir, 'report.yaml'), ReportFile),
    gazetteerPath: path.join(dir, 'gazetteer.json'),
    claimsPath: ownOrShipped(dir, 'claims.yaml'),
    riskSignalsPath: ownOrShipped(dir, 'risk-signals.yaml'),
  };
}

/** A configuration folder may keep its own claim registry and signal rules, or use the shipped ones. */
function ownOrShipped(dir: string, file: string): string {
  const own = path.join(dir, file);
  return existsSync(own) ? own : path.join(DEFAULT_CONFIG_DIR, file);
}
