// Benchmark of the per-post language stage: cleanText, normaliseForMatching and detectLanguage on
// generated 300-character Vietnamese posts. Prints figures; asserts nothing (DESIGN §10).
// Run alone with `node test/bench/normalise.ts`.

import { cleanText, normaliseForMatching } from '../../pipeline/language/normalise.ts';
import { detectLanguage } from '../../pipeline/language/language-id.ts';

// Pieces of posts as people write them: accented and unaccented, teencode, emoji, links, tags.
const PIECES = [
  'Người dân xã Tân Tiến phản ánh đường giao thông xuống cấp nghiêm trọng',
  'ko ai sửa chữa gì cả, mn ơi giúp với',
  'hoà cả làng thôi 😭😭',
  'quáaaa bức xúc rồi!!!',
  'Giá đền bù bn vậy? 50k/m2 là quá thấp',
  'UBND cần xem xét lại #BinhPhuoc',
  'xem thêm https://facebook.com/groups/abc/posts/123',
  'nguoi dan rat buc xuc vi chua duoc giai quyet',
  'cảm ơn các anh chị cán bộ đã hỗ trợ kịp thời 👍🏻',
  'đc r, mai e qua UB hỏi lại nha :)))',
  '@nguyen.van.a ơi vào đây đọc nè',
  'Thuỷ lợi Phước Hoà xả lũ, bà con ven sông chú ý',
  'k bt có thật k hay tin giả',
  'Trời ơi sao lại để xảy ra chuyện này được',
];

/** Deterministic generator so runs are comparable. */
function makePosts(count: number, length = 300): string[] {
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed;
  };
  const posts: string[] = [];
  for (let i = 0; i < count; i++) {
    let p = '';
    while (p.length < length) p += PIECES[next() % PIECES.length] + (next() % 5 === 0 ? '\n' : '. ');
    posts.push(p.slice(0, length));
  }
  return posts;
}

function opsPerSecond(posts: string[], fn: (text: string) => unknown, minMs = 400): number {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += fn(posts[i % posts.length] as string) ? 1 : 0; // warm-up
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < posts.length; i++) sink += fn(posts[i] as string) ? 1 : 0;
    ops += posts.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) console.log(sink); // keeps the calls from being optimised away
  return Math.round((ops / elapsed) * 1000);
}

export async function benchNormalise(): Promise<Record<string, number>> {
  const posts = makePosts(1000);
  const results: Record<string, number> = {
    'cleanText ops/s': opsPerSecond(posts, cleanText),
    'normaliseForMatching ops/s': opsPerSecond(posts, normaliseForMatching),
    'detectLanguage ops/s': opsPerSecond(posts, detectLanguage),
  };
  const big = makePosts(1, 1_000_000)[0] as string;
  const start = performance.now();
  for (let i = 0; i < 10; i++) cleanText(big);
  results['cleanText MB/s (1 MB text)'] = Math.round(10 / ((performance.now() - start) / 1000));
  for (const [name, value] of Object.entries(results)) {
    const perOp = name.endsWith('ops/s') ? `  (${(1e6 / value).toFixed(1)} µs/post)` : '';
    console.log(`${name.padEnd(30)} ${String(value).padStart(10)}${perOp}`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchNormalise();
}
