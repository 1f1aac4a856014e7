// Schemas of the configuration files in config/. Everything province-specific lives in these
// files, so another province is a configuration change, not a code change (DESIGN §1).
import { z } from 'zod';
import { parseRule } from '../pipeline/rule-expression.ts';

/**
 * A refinement for a config file holding a list of things with ids: a repeated id is an error
 * naming its place in the file (`sources[3].id: duplicate source id "x"`).
 */
export function uniqueIds<K extends string>(listKey: K, what: string) {
  return (file: Record<K, { id: string }[]>, ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    file[listKey].forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [listKey, i, 'id'], message: `duplicate ${what} id "${item.id}"` });
      seen.add(item.id);
    });
  };
}

const cronField = z.string().regex(/^\S+( \S+){4}$/, 'a 5-field cron expression such as "*/30 * * * *"');

export const ScopeRule = z.object({
  /** "local": everything from the source is about the province; "match": only items naming a place or keyword. */
  mode: z.enum(['local', 'match']).default('local'),
  keywords: z.array(z.string().min(1)).default([]),
  /** With mode "match", a mention of any place of the gazetteer's focus area counts. */
  places: z.boolean().default(true),
});

/** Per-source overrides of the crawler's politeness and limits. */
export const PolitenessOverride = z.object({
  maxConcurrency: z.number().int().min(1).max(32),
  /** Minimum time between two requests to the same host. */
  perHostDelayMs: z.number().int().min(0),
  timeoutSecs: z.number().int().min(1).max(600),
  maxPageBytes: z.number().int().min(1024),
  maxRedirects: z.number().int().min(0).max(20),
}).partial();

const selectors = z.object({
  title: z.string(),
  body: z.string(),
  date: z.string(),
  author: z.string(),
  remove: z.array(z.string()),
}).partial();

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", e.g. "bao-dong-nai-rss"'),
  name: z.string().min(1),
  enabled: z.boolean().default(true),
  schedule: cronField.default('*/30 * * * *'),
  scope: ScopeRule.default({ mode: 'local', keywords: [], places: true }),
  retentionDays: z.number().int().positive().default(730),
  /** Raw author handles are pseudonymised unless a source is configured to keep them (DESIGN §2). */
  keepAuthorHandles: z.boolean().default(false),
  maxItemsPerRun: z.number().int().positive().default(500),
  politeness: PolitenessOverride.default({}),
  /** Optional HTTP(S) proxy for this source, e.g. "http://proxy.local:3128". */
  proxyUrl: z.url().optional(),
};

export const RssSource = z.object({
  ...common,
  kind: z.literal('rss'),
  url: z.url(),
  /** Fetch the linked article when the feed carries only a summary. */
  fetchArticles: z.boolean().default(true),
  selectors: selectors.optional(),
});

export const SitemapSource = z.object({
  ...common,
  kind: z.literal('sitemap'),
  /** A sitemap, a sitemap index or a Google-News sitemap (gzip allowed). */
  url: z.url(),
  /** Only article URLs matching this regular expression. */
  urlPattern: z.string().optional(),
  /** Skip entries whose lastmod / publication date is older than this. */
  maxAgeDays: z.number().int().positive().default(30),
  selectors: selectors.optional(),
});

export const HtmlSource = z.object({
  ...common,
  kind: z.literal('html'),
  /** Listing pages (a section front, a search result page) that link to articles. */
  listUrls: z.array(z.url()).min(1),
  articleLinkSelector: z.string().optional(),
  articleUrlPattern: z.string().optional(),
  nextPageSelector: z.string().optional(),
  maxListPages: z.number().int().min(1).default(3),
  selectors: selectors.optional(),
});

export const ForumSource = z.object({
  ...common,
  kind: z.literal('forum'),
  /** A forum section (thread list) or a single thread. */
  url: z.url(),
  style: z.enum(['xenforo', 'generic']).default('xenforo'),
  threadLinkSelector: z.string().optional(),
  postSelector: z.string().optional(),
  maxThreadPages: z.number().int().min(1).default(20),
});

export const RenderedSource = z.object({
  ...common,
  kind: z.literal('rendered'),
  /** Pages that need JavaScript to show their content (Playwright with the system Chromium). */
  urls: z.array(z.url()).min(1),
  articleLinkSelector: z.string().optional(),
  waitForSelector: z.string().optional(),
  screenshot: z.boolean().default(true),
  selectors: selectors.optional(),
});

export const YoutubeSource = z.object({
  ...common,
  kind: z.literal('youtube'),
  apiKey: z.string().min(1),
  /** Search terms: the province's keywords and places. */
  queries: z.array(z.string().min(1)).min(1),
  regionCode: z.string().default('VN'),
  relevanceLanguage: z.string().default('vi'),
  maxVideosPerRun: z.number().int().min(1).default(50),
  maxCommentsPerVideo: z.number().int().min(0).default(200),
  /** Units per day this source may spend (the API's default project quota is 10,000). */
  dailyQuota: z.number().int().min(1).default(10_000),
  apiBase: z.url().default('https://www.googleapis.com/youtube/v3'),
});

export const FacebookSource = z.object({
  ...common,
  kind: z.literal('facebook'),
  /** A Page the office manages, with a Page access token from the environment. */
  pageId: z.string().min(1),
  accessToken: z.string().min(1),
  apiVersion: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  includeComments: z.boolean().default(true),
  apiBase: z.url().default('https://graph.facebook.com'),
});

export const TelegramSource = z.object({
  ...common,
  kind: z.literal('telegram'),
  /** A public channel's username (its web preview at t.me/s/<channel>). */
  channel: z.string().regex(/^[A-Za-z0-9_]{4,64}$/, 'a public channel username, e.g. "baodongnai"'),
  baseUrl: z.url().default('https://t.me'),
});

export const FileSource = z.object({
  ...common,
  kind: z.literal('file'),
  path: z.string().min(1),
  format: z.enum(['csv', 'ndjson', 'json']).optional(),
  /** Record field → column or field name in the file. */
  mapping: z.record(z.string(), z.string()).default({}),
});

export const Source = z.discriminatedUnion('kind', [RssSource, SitemapSource, HtmlSource, ForumSource, RenderedSource, YoutubeSource, FacebookSource, TelegramSource, FileSource]);
export type SourceConfig = z.infer<typeof Source>;

export const SourcesFile = z.object({
  userAgent: z.string().min(1).default('DLXH-Monitor/0.1 (+https://github.com/dlxh-monitor; public-opinion monitoring)'),
  sources: z.array(Source),
}).superRefine(uniqueIds('sources', 'source'));
export type SourcesConfig = z.infer<typeof SourcesFile>;

export const Topic = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Phrases that mark the topic; matched on whole words, with and without diacritics. */
  phrases: z.array(z.string().min(1)).min(1),
  /** Phrases that cancel a match (e.g. advertising). */
  exclude: z.array(z.string().min(1)).default([]),
  /**
   * Boolean rules in the search language ("cao tốc" AND (bồi thường OR "giải phóng mặt bằng")
   * -quảng_cáo): a text that satisfies one carries the topic on that evidence alone.
   */
  rules: z.array(z.string().min(1)).default([]),
}).superRefine((topic, ctx) => {
  topic.rules.forEach((rule, i) => {
    try {
      parseRule(rule);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['rules', i], message: `${(error as Error).message} in rule ${JSON.stringify(rule)}` });
    }
  });
});
export const TopicsFile = z.object({ topics: z.array(Topic).min(1) }).superRefine(uniqueIds('topics', 'topic'));
export type TopicConfig = z.infer<typeof Topic>;

export const ReportFile = z.object({
  organisation: z.object({
    parent: z.string(),
    name: z.string(),
    abbreviation: z.string(),
  }),
  place: z.string(),
  signer: z.object({ title: z.string(), name: z.string() }),
  recipients: z.array(z.string()).min(1),
});
export type ReportConfig = z.infer<typeof ReportFile>;
