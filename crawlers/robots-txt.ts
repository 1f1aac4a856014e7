// robots.txt as RFC 9309 reads it: the group for our product token (else "*"), the longest
// matching Allow/Disallow rule wins, Allow wins a tie, "*" and "$" in paths. Crawl-delay is read
// too (not in the RFC, but sites that set it mean it). Written here rather than taken from
// crawlee so that the decision can say which rule disallowed a page.

export type RobotsDecision = { allowed: boolean; rule: string | null };

export type RobotsRules = {
  decide(url: string): RobotsDecision;
  /** Seconds between requests the site asks of us, if any. */
  crawlDelaySecs: number | null;
  sitemaps: string[];
};

type Rule = { allow: boolean; pattern: string };

/** Only the first 500 KiB are read (RFC 9309 §2.5). */
export const MAX_ROBOTS_BYTES = 500 * 1024;

export const ALLOW_ALL: RobotsRules = { decide: () => ({ allowed: true, rule: null }), crawlDelaySecs: null, sitemaps: [] };

export function disallowAll(reason: string): RobotsRules {
  return { decide: () => ({ allowed: false, rule: reason }), crawlDelaySecs: null, sitemaps: [] };
}

/** "DLXH-Monitor/0.1 (+https://…)" → "dlxh-monitor". */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z0-9_-]+/.exec(userAgent.trim())?.[0] ?? '*').toLowerCase();
}

/** Wildcard match of a robots pattern against a path; linear in practice, no regular expression. */
function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const p = anchored ? pattern.slice(0, -1) : pattern;
  // Classic two-pointer glob match with backtracking to the last "*".
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < path.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === path[si]) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (pi >= p.length && !anchored) {
      return true; // the pattern is a prefix of the path
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi >= p.length;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseRobotsTxt(text: string, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  type Group = { agents: string[]; rules: Rule[]; delay: number | null };
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const raw of text.slice(0, MAX_ROBOTS_BYTES).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!lastWasAgent || !current) {
        current = { agents: [], rules: [], delay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
    } else if (current && (key === 'allow' || key === 'disallow')) {
      if (value) current.rules.push({ allow: key === 'allow', pattern: decodeSafe(value) });
    } else if (current && key === 'crawl-delay') {
      const d = Number(value);
      if (Number.isFinite(d) && d >= 0) current.delay = d;
    }
  }
  const ours = groups.filter((g) => g.agents.some((a) => a !== '*' && (a === token || token.startsWith(a))));
  const chosen = ours.length ? ours : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.delay).filter((d): d is number => d !== null);

  return {
    crawlDelaySecs: delays.length ? Math.max(...delays) : null,
    sitemaps,
    decide(url) {
      let path: string;
      try {
        const u = new URL(url);
        path = decodeSafe(u.pathname + u.search);
      } catch {
        return { allowed: true, rule: null };
      }
      if (path === '/robots.txt') return { allowed: true, rule: null };
      let best: Rule | null = null;
      for (const r of rules) {
        if (!patternMatches(r.pattern, path)) continue;
        if (!best || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
      }
      if (!best) return { allowed: true, rule: null };
      return { allowed: best.allow, rule: `${best.allow ? 'Allow' : 'Disallow'}: ${best.pattern}` };
    },
  };
}
