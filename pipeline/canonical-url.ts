// URL canonicalisation: the same article reached through tracking links, AMP pages or the mobile
// host gets one URL, and so one record id.
//
// What Vietnamese sites and the apps that share their links add: utm_* everywhere, zarsrc /
// gidzl / zlclid from Zalo, fbclid / mibextid / sfnsn from Facebook and Messenger, _gl / gclid /
// gad_source / gbraid / wbraid from Google ads, ttclid from TikTok; mobile hosts (m., mobile.),
// AMP hosts (amp.), AMP paths (/amp/… in front, …/amp behind, .amp.html) and ?amp. The www. host
// is dropped too: a site's m. host mirrors its www. host (m.vietnamplus.vn ↔ www.vietnamplus.vn).

const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|zarsrc|zlclid|_hsenc|_hsmi|mc_cid|mc_eid|igshid|ref|ref_src|share|s_cid|cmpid|itm_\w+|gidzl|from|_gl|gad_source|gbraid|wbraid|ttclid|mibextid|sfnsn|yclid|twclid|srsltid)$/i;
const MOBILE_HOST = /^(www|m|mobile|amp)\./i;

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
  const host = u.hostname.toLowerCase();
  const bare = host.replace(MOBILE_HOST, '');
  // "m.vn" is a domain of its own, not the mobile host of "vn".
  u.hostname = bare.includes('.') ? bare : host;
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k) && k.toLowerCase() !== 'amp');
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();
  u.pathname = u.pathname
    .replace(/^\/amp\//i, '/')
    .replace(/\/amp\/?$/i, '/')
    .replace(/\.amp(\.html?)$/i, '$1')
    .replace(/\/{2,}/g, '/');
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/$/, '');
  return u.toString();
}
