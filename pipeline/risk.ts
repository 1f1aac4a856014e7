// Misinformation risk (DESIGN §2, §6): how likely a text spreads a checkable false claim, a
// fabricated official notice, a scam or a health or disaster hoax — and which evidence says so.
//
// Criticism is signal, not misinformation: complaints, anger and criticism of officials are not
// inputs (sentiment is not read, and config/risk-signals.yaml holds no word of complaint). The
// score is 1 − Π(1 − wᵢ) over the signals found, each with the text span that produced it:
// - matches against the claim registry (config/claims.yaml, pipeline/claims.ts);
// - phrase signals from config/risk-signals.yaml (scams, fabricated notices, hoaxes, share pressure);
// - shouting, "!!!", invented document numbers — amplifiers, reported only next to another signal;
// - sudden virality, when engagement and the publication time are given.
// A warning or a rebuttal quotes the scam or hoax it is about, so its cues ("công an cảnh báo thủ
// đoạn", "bác bỏ thông tin", "là lừa đảo") scale every weight down — unless the text itself pushes
// readers to share the hoax before it is deleted, or insists "đây không phải tin giả".
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseConfigFile } from '../config/load.ts';
import { uniqueIds } from '../config/schema.ts';
import type { RiskT } from './record.ts';
import { createPhraseMatcher, type PhraseHit, type PhraseMatcher, type Syllables } from './language/phrase-matcher.ts';
import { CLAIM_THRESHOLD, defaultClaimMatcher, type ClaimMatcher } from './claims.ts';

export const DEFAULT_SIGNALS_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'config', 'risk-signals.yaml');

const GROUPS = ['scam', 'notice', 'health', 'disaster', 'pressure', 'rumor', 'style'] as const;
const phrase = z.string().trim().min(1, 'a phrase of one or more words');

const SignalRule = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id of lower-case letters, digits and dashes'),
  group: z.enum(GROUPS),
  weight: z.number().min(0).max(1),
  phrases: z.array(phrase).min(1),
  near: z.array(phrase).min(1).optional(),
  window: z.number().int().positive().max(200).default(20),
});

export const RiskSignalsFile = z.object({
  signals: z.array(SignalRule).min(1),
  context: z.object({ strong: z.array(phrase), weak: z.array(phrase), genuine: z.array(phrase).default([]) }),
  dampen: z.object({ strong: z.number().min(0).max(1), weak: z.number().min(0).max(1), floor: z.number().min(0).max(1) }),
}).superRefine(uniqueIds('signals', 'signal'));
export type RiskSignalsConfig = z.infer<typeof RiskSignalsFile>;
type Rule = RiskSignalsConfig['signals'][number];

type Role = { kind: 'main' | 'near'; rule: number } | { kind: 'strong' | 'weak' | 'genuine'; rule: -1 };

export type RiskRules = { config: RiskSignalsConfig; matcher: PhraseMatcher<Role> };

export function compileRiskRules(config: RiskSignalsConfig): RiskRules {
  const entries: [string, Role][] = [];
  config.signals.forEach((r, i) => {
    for (const p of r.phrases) entries.push([p, { kind: 'main', rule: i }]);
    for (const p of r.near ?? []) entries.push([p, { kind: 'near', rule: i }]);
  });
  for (const kind of ['strong', 'weak', 'genuine'] as const) for (const p of config.context[kind]) entries.push([p, { kind, rule: -1 }]);
  return { config, matcher: createPhraseMatcher(entries) };
}

/** Reads, validates and compiles the signal rules; a bad file throws a ConfigError naming the file and the path. */
export function loadRiskSignals(file = DEFAULT_SIGNALS_PATH): RiskRules {
  return compileRiskRules(parseConfigFile(file, RiskSignalsFile));
}

let defaultRules: RiskRules | undefined;

export type RiskContext = {
  engagement?: { likes?: number; shares?: number; comments?: number; views?: number; readAt?: string } | null;
  publishedAt?: string | null;
  /** The record kind (article, post, comment…); carried for callers, not used by the rules yet. */
  kind?: string;
  /** The claim registry to match; null turns claim matching off; default config/claims.yaml. */
  claims?: ClaimMatcher | null;
  /** The text as written (before lower-casing), for shouting in capitals. */
  text?: string;
  /** Signal rules; default config/risk-signals.yaml. */
  rules?: RiskRules;
};

/** Combines independent signals: 1 − Π(1 − wᵢ), so one weak signal stays weak. */
/**
 * A record whose score reaches this goes to reviewers as a possible false or harmful item; below
 * it, its signals are shown as context only. `npm run eval` reports the flag rates at it.
 */
export const REVIEW_THRESHOLD = 0.5;

export function combine(weights: number[]): number {
  return 1 - weights.reduce((acc, w) => acc * (1 - Math.max(0, Math.min(1, w))), 1);
}

type Signal = { id: string; group: string; weight: number; evidence: string; start: number };

// Spans longer than this are cut: evidence is for a reviewer to find the place, not to reread the text.
const MAX_EVIDENCE = 160;
// Registry matches: a claim found at the matcher's threshold gets CLAIM_BASE; a near-verbatim copy CLAIM_TOP.
const CLAIM_FLOOR = CLAIM_THRESHOLD;
const CLAIM_BASE = 0.42;
const CLAIM_TOP = 0.9;
// Only the first part of a long text is scanned for capitals and "!!!".
const STYLE_SCAN_CHARS = 5_000;
// Bounded quantifiers only: "số 125/TB-UBND", "số: 07/2026/QĐ-UBND".
const DOCUMENT_NUMBER = /số:? ?\d{1,6}\/[\p{L}\d/-]{2,24}/u;

function evidenceOf(text: string, start: number, end: number): string {
  const s = text.slice(start, Math.min(end, start + MAX_EVIDENCE)).trim();
  return end - start > MAX_EVIDENCE ? `${s}…` : s;
}

/** Index of the syllable that starts at or before a character offset. */
function syllableAt(s: Syllables, offset: number): number {
  let lo = 0;
  let hi = s.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s.starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Character ranges between quotation marks (“…”, "…", «…»): what a text quotes, it does not say. */
function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let open = -1;
  let closer = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (open < 0) {
      if (c === '“') { open = i; closer = '”'; } else if (c === '"') { open = i; closer = '"'; } else if (c === '«') { open = i; closer = '»'; }
    } else if (c === closer) {
      out.push([open, i]);
      open = -1;
    } else if (i - open > 400) open = -1; // an unclosed quote mark quotes nothing
  }
  return out;
}

function inside(ranges: [number, number][], start: number, end: number): boolean {
  return ranges.some(([a, b]) => start > a && end <= b);
}

/** Three or more words in capitals in a row ("SƠ TÁN NGAY", "THÔNG BÁO KHẨN"). */
function shouting(original: string): string | null {
  let run: string[] = [];
  for (const m of original.slice(0, STYLE_SCAN_CHARS).matchAll(/\S+/g)) {
    const word = m[0].replace(/[^\p{L}]/gu, '');
    const caps = word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
    if (caps) {
      run.push(m[0]);
      if (run.length >= 3) return run.join(' ');
    } else run = [];
  }
  return null;
}

function virality(ctx: RiskContext): Signal | null {
  const e = ctx.engagement;
  if (!e) return null;
  const published = Date.parse(ctx.publishedAt ?? '');
  const read = Date.parse(e.readAt ?? '');
  if (!Number.isFinite(published) || !Number.isFinite(read) || read < published) return null;
  const hours = Math.max(1, (read - published) / 3_600_000);
  const shares = e.shares ?? 0;
  // Shares spread a text; comments and likes say less about reach.
  const reach = shares + 0.2 * (e.comments ?? 0) + 0.05 * (e.likes ?? 0);
  const perHour = reach / hours;
  if (reach < 100 || perHour < 30) return null;
  const weight = perHour >= 300 ? 0.2 : perHour >= 100 ? 0.15 : 0.1;
  return { id: 'sudden-virality', group: 'virality', weight, evidence: `${shares} shares, ${e.comments ?? 0} comments in ${Math.round(hours)} h`, start: -1 };
}

function claimWeight(similarity: number): number {
  const t = Math.min(1, Math.max(0, (similarity - CLAIM_FLOOR) / (0.9 - CLAIM_FLOOR)));
  return CLAIM_BASE + (CLAIM_TOP - CLAIM_BASE) * t;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Scores one text. `text` is the normalised matching text (lower-case, one spelling) and
 * `syllables` its syllables; evidence spans are cut from `text`.
 */
export function scoreRisk(text: string, syllables: Syllables, context: RiskContext = {}): RiskT {
  const empty: RiskT = { score: 0, signals: [], matchedClaims: [] };
  if (!text || syllables.words.length === 0) return empty;
  defaultRules ??= loadRiskSignals();
  const { config, matcher } = context.rules ?? defaultRules;
  const hits = matcher.findAll(syllables);

  // Context cues: a cue inside the hoaxer's own "không phải tin giả" is not a cue.
  const genuine = hits.filter((h) => h.value.kind === 'genuine');
  const cueSeen = new Map<string, PhraseHit<Role>>();
  for (const h of hits) {
    if (h.value.kind !== 'strong' && h.value.kind !== 'weak') continue;
    if (genuine.some((g) => h.start >= g.start && h.end <= g.end)) continue;
    // Nor is one inside a longer signal phrase: "cảnh báo nội bộ" is the hoaxer's insider claim.
    if (hits.some((m) => m.value.kind === 'main' && m.end - m.start > h.end - h.start && h.start >= m.start && h.end <= m.end)) continue;
    // Overlapping cues ("bác bỏ" in "bác bỏ thông tin") count once.
    if ([...cueSeen.values()].some((c) => h.start < c.end && c.start < h.end)) continue;
    cueSeen.set(h.phrase, h);
  }
  const cues = [...cueSeen.values()];

  const signals: Signal[] = [];
  const byRule = new Map<number, { main: PhraseHit<Role>[]; near: PhraseHit<Role>[] }>();
  for (const h of hits) {
    if (h.value.kind !== 'main' && h.value.kind !== 'near') continue;
    const e = byRule.get(h.value.rule) ?? { main: [], near: [] };
    e[h.value.kind].push(h);
    byRule.set(h.value.rule, e);
  }
  const quotes = quotedRanges(text);
  let unquotedDeletePressure = false;
  for (const [i, { main, near }] of byRule) {
    const rule = config.signals[i] as Rule;
    let found: { start: number; end: number } | undefined;
    if (!rule.near) {
      const h = main[0];
      if (h) found = { start: h.start, end: h.end };
    } else {
      for (const m of main) {
        const at = syllableAt(syllables, m.start);
        const n = near.find((x) => Math.abs(syllableAt(syllables, x.start) - at) <= rule.window && (x.start >= m.end || x.end <= m.start));
        if (n) {
          found = { start: Math.min(m.start, n.start), end: Math.max(m.end, n.end) };
          break;
        }
      }
    }
    if (!found) continue;
    signals.push({ id: rule.id, group: rule.group, weight: rule.weight, evidence: evidenceOf(text, found.start, found.end), start: found.start });
    if (rule.group === 'pressure') {
      for (const m of main) if (/(xoa|go)$/.test(syllables.words[syllableAt(syllables, m.end - 1)] ?? '') && !inside(quotes, m.start, m.end)) unquotedDeletePressure = true;
    }
  }
  for (const g of genuine.slice(0, 1)) {
    signals.push({ id: 'insists-genuine', group: 'rumor', weight: 0.15, evidence: evidenceOf(text, g.start, g.end), start: g.start });
  }
  const docNumber = DOCUMENT_NUMBER.exec(text.length > STYLE_SCAN_CHARS ? text.slice(0, STYLE_SCAN_CHARS) : text);
  if (docNumber) signals.push({ id: 'document-number', group: 'style', weight: 0.08, evidence: docNumber[0], start: docNumber.index });

  const matchedClaims: RiskT['matchedClaims'] = [];
  const claimMatcher = context.claims === null ? null : (context.claims ?? defaultClaimMatcher());
  for (const c of claimMatcher?.match(syllables, { threshold: CLAIM_FLOOR }) ?? []) {
    matchedClaims.push({
      claimId: c.claim.id, similarity: round(c.similarity), claim: c.claim.claim, correction: c.claim.correction.trim(), source: c.claim.source,
    });
    signals.push({ id: `claim:${c.claim.id}`, group: 'claim', weight: claimWeight(c.similarity), evidence: evidenceOf(text, c.start, c.end), start: c.start });
  }

  const viral = virality(context);
  if (viral) signals.push(viral);

  // Amplifiers need company: capitals and "!!!" are how many people complain, too.
  const substantive = signals.some((s) => s.group !== 'style' && s.group !== 'virality');
  const original = context.text ?? '';
  if (substantive) {
    const caps = original ? shouting(original) : null;
    if (caps) signals.push({ id: 'shouting', group: 'style', weight: 0.08, evidence: evidenceOf(caps, 0, caps.length), start: -1 });
    const bang = /!{3}|!!1/.exec(original.slice(0, STYLE_SCAN_CHARS));
    if (bang) signals.push({ id: 'exclamations', group: 'style', weight: 0.05, evidence: '!!!', start: -1 });
  }
  const kept = substantive ? signals : signals.filter((s) => s.group === 'virality');

  // Warnings and rebuttals quote what they warn about: their cues scale every weight down.
  let factor = 1;
  if (cues.length > 0 && kept.length > 0) {
    const strong = cues.filter((c) => c.value.kind === 'strong').length;
    const weak = cues.length - strong;
    factor = Math.max(config.dampen.floor, (1 - config.dampen.strong) ** strong * (1 - config.dampen.weak) ** weak);
    // A text that itself urges "share before it is deleted" is spreading, not rebutting.
    if (unquotedDeletePressure) factor = Math.max(factor, 0.6);
    if (genuine.length > 0) factor = Math.max(factor, 0.6);
  }
  const out = kept.map((s) => ({ id: s.id, weight: round(s.weight * factor), evidence: s.evidence }));
  if (factor < 1) {
    const first = cues.reduce((a, b) => (b.start < a.start ? b : a));
    // Negative weight: the share by which the cues scaled the others down (combine ignores it).
    out.push({ id: 'warning-or-rebuttal', weight: round(factor - 1), evidence: evidenceOf(text, first.start, first.end) });
  }
  return { score: round(combine(out.map((s) => s.weight))), signals: out, matchedClaims };
}
