// URL canonicalisation: the same article reached through tracking links, AMP pages or the mobile
// host gets one URL, and so one record id.

const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|zlclid|_hsenc|_hsmi|mc_cid|mc_eid|igshid|ref|ref_src|share|s_cid|cmpid|itm_\w+|gidzl|from)$/i;
const MOBILE_HOST = /^(m|mobile|amp)\./i;

export function canonicalUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  u.hostname = u.hostname.toLowerCase().replace(MOBILE_HOST, '');
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k) && k.toLowerCase() !== 'amp');
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();
  u.pathname = u.pathname
    .replace(/\/amp\/?$/i, '/')
    .replace(/\.amp(\.html?)$/i, '$1')
    .replace(/\/{2,}/g, '/');
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/$/, '');
  return u.toString();
}
