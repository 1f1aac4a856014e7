// RSS 2.0, RSS 1.0 (RDF) and Atom feeds → entries. Invalid XML is an error with the parser's
// line and column, never a crash of the crawl.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type FeedEntry = {
  id: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  /** Full content when the feed carries it (content:encoded, atom:content). */
  content: string | null;
  publishedAt: string | null;
  author: string | null;
};

export type Feed = { title: string | null; entries: FeedEntry[] };

export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return null;
}

function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return text(links);
  const alt = links.find((l) => typeof l === 'object' && l && ((l as Node)['@rel'] ?? 'alternate') === 'alternate') ?? links[0];
  if (alt && typeof alt === 'object') return text((alt as Node)['@href']) ?? text(alt);
  return text(alt);
}

export function parseFeed(xml: string): Feed {
  const body = xml.replace(/^\uFEFF/, '').trimStart();
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new FeedError(`invalid feed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  const doc = parser.parse(body) as Node;
  const rss = doc.rss as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (rss || rdf) {
    const channel = ((rss?.channel ?? rdf?.channel) ?? {}) as Node;
    const items = ((rss ? channel.item : rdf?.item) ?? []) as Node[];
    return {
      title: text(channel.title),
      entries: items.map((i) => ({
        id: text(i.guid),
        url: text(i.link) ?? (text(i.guid)?.startsWith('http') ? text(i.guid) : null),
        title: text(i.title),
        summary: text(i.description),
        content: text(i['content:encoded']),
        publishedAt: text(i.pubDate) ?? text(i['dc:date']),
        author: text(i.author) ?? text(i['dc:creator']),
      })),
    };
  }
  if (atom) {
    const entries = (atom.entry ?? []) as Node[];
    return {
      title: text(atom.title),
      entries: entries.map((e) => ({
        id: text(e.id),
        url: atomLink(e.link),
        title: text(e.title),
        summary: text(e.summary),
        content: text(e.content),
        publishedAt: text(e.published) ?? text(e.updated),
        author: text((e.author as Node | undefined)?.name),
      })),
    };
  }
  throw new FeedError('not an RSS or Atom feed: no <rss>, <rdf:RDF> or <feed> root element');
}

/** Parses an RFC 822 (RSS) or ISO 8601 (Atom) date to ISO 8601, or null. */
export function feedDate(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  // An ISO date with an offset is kept as the source wrote it; others become UTC.
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ? value : new Date(t).toISOString();
}
