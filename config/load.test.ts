import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError, DEFAULT_CONFIG_DIR } from './load.ts';

function configCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-config-'));
  cpSync(DEFAULT_CONFIG_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return dir;
}

describe('configuration', () => {
  it('loads the shipped configuration', () => {
    const c = loadConfig();
    expect(c.topics.length).toBeGreaterThanOrEqual(15);
    expect(c.topics.map((t) => t.id)).toContain('dat-dai');
    expect(c.report.organisation.abbreviation).toBeTruthy();
  });

  it('ships no topic phrase that is a bare everyday word (a comma inside a YAML list splits a phrase in two)', () => {
    // "95 xã, phường" unquoted in a [flow, list] became the phrases "95 xã" and "phường", and
    // every text naming a ward was tagged with the 2025 merger.
    const everyday = new Set(['xã', 'phường', 'huyện', 'tỉnh', 'quận', 'thôn', 'ấp', 'thị', 'trấn', 'thành', 'phố', 'người', 'dân', 'nhà', 'đường', 'năm', 'ngày', 'mới', 'cũ']);
    for (const t of loadConfig().topics) {
      for (const p of t.phrases) expect(everyday.has(p.trim().toLowerCase()), `${t.id}: "${p}"`).toBe(false);
    }
  });

  it('names the file, the path inside it and what is expected', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'topics.yaml'), 'topics:\n  - id: Đất Đai\n    name: x\n    phrases: []\n');
    expect(() => loadConfig(dir)).toThrow(ConfigError);
    try {
      loadConfig(dir);
    } catch (err) {
      const m = (err as Error).message;
      expect(m).toContain(path.join(dir, 'topics.yaml'));
      expect(m).toContain('topics[0].id');
      expect(m).toContain('topics[0].phrases');
    }
  });

  it('reports YAML syntax errors and missing files with the file name', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'sources.yaml'), 'sources: [\n');
    expect(() => loadConfig(dir)).toThrow(/sources\.yaml: cannot be parsed/);
    expect(() => loadConfig(path.join(dir, 'nowhere'))).toThrow(/file not found/);
  });

  it('refuses duplicate source ids and unknown kinds', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'sources.yaml'), [
      'sources:',
      '  - { id: a, kind: rss, name: A, url: "http://127.0.0.1/a.xml" }',
      '  - { id: a, kind: rss, name: B, url: "http://127.0.0.1/b.xml" }',
      '  - { id: c, kind: fax, name: C }',
    ].join('\n'));
    expect(() => loadConfig(dir)).toThrow(/sources\[2\]\.kind/);
    writeFileSync(path.join(dir, 'sources.yaml'), [
      'sources:',
      '  - { id: a, kind: rss, name: A, url: "http://127.0.0.1/a.xml" }',
      '  - { id: a, kind: rss, name: B, url: "http://127.0.0.1/b.xml" }',
    ].join('\n'));
    expect(() => loadConfig(dir)).toThrow(/sources\[1\]\.id: duplicate source id "a"/);
  });

  it('refuses a topic id used twice, which would merge two topics in every count', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'topics.yaml'), [
      'topics:',
      '  - { id: dat-dai, name: Đất đai, phrases: [bồi thường] }',
      '  - { id: dat-dai, name: Giải phóng mặt bằng, phrases: [giải phóng mặt bằng] }',
    ].join('\n'));
    expect(() => loadConfig(dir)).toThrow(/topics\[1\]\.id: duplicate topic id "dat-dai"/);
  });

  it('fills ${VARIABLES} from the environment and says which one is missing', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'sources.yaml'), 'sources:\n  - { id: a, kind: rss, name: A, url: "${DLXH_TEST_FEED}/rss.xml" }\n');
    delete process.env.DLXH_TEST_FEED;
    expect(() => loadConfig(dir)).toThrow(/sources\[0\]\.url: environment variable DLXH_TEST_FEED is not set/);
    process.env.DLXH_TEST_FEED = 'http://127.0.0.1:9';
    const source = loadConfig(dir).sources.sources[0];
    expect(source?.kind === 'rss' && source.url).toBe('http://127.0.0.1:9/rss.xml');
  });
});

describe('configuration defaults in ${NAME:-default}', () => {
  it('uses the default when the variable is not set', () => {
    const dir = configCopy();
    writeFileSync(path.join(dir, 'sources.yaml'), 'sources:\n  - { id: a, kind: rss, name: A, url: "${DLXH_UNSET_FOR_TEST:-http://127.0.0.1:8788}/rss.xml" }\n');
    delete process.env.DLXH_UNSET_FOR_TEST;
    const source = loadConfig(dir).sources.sources[0];
    expect(source?.kind === 'rss' && source.url).toBe('http://127.0.0.1:8788/rss.xml');
  });
});
