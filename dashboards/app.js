// The latest records and a search box. Everything from a record is set with textContent, never
// as HTML: crawled content is untrusted.
'use strict';
const SENTIMENT = { negative: 'Tiêu cực', neutral: 'Trung tính', positive: 'Tích cực' };
const form = document.getElementById('search');
const list = document.getElementById('records');
const more = document.getElementById('more');
const summary = document.getElementById('summary');
const template = document.getElementById('record');
let cursor = null;
// A story filter set by a record's "cùng câu chuyện" link; cleared by a new search.
let cluster = null;

function tag(text, cls) {
  const span = document.createElement('span');
  span.className = `tag ${cls}`;
  span.textContent = text;
  return span;
}

// A score is only a reason to look: each signal says what in the text produced it, and a matched
// fact-check gives its correction and source. A person decides (DESIGN §2). Shown from REVIEW_FROM
// (the REVIEW_THRESHOLD of pipeline/risk.ts), where a record is for review; the API has all scores.
const REVIEW_FROM = 0.5;

function item(text, evidence) {
  const li = document.createElement('li');
  li.textContent = text;
  if (evidence) {
    const q = document.createElement('span');
    q.className = 'evidence';
    q.textContent = ` “${evidence}”`;
    li.append(q);
  }
  return li;
}

function showRisk(details, risk) {
  details.hidden = false;
  const percent = Math.round(risk.score * 100);
  const found = risk.signals.filter((s) => s.weight > 0).length;
  details.querySelector('summary').textContent = `Cần kiểm tra: rủi ro thông tin sai ${percent}% (${found} dấu hiệu)`;
  const ul = details.querySelector('.signals');
  for (const s of risk.signals) ul.append(item(`${s.id} (${s.weight > 0 ? '+' : ''}${s.weight})`, s.evidence));
  for (const c of risk.matchedClaims ?? []) {
    ul.append(item(`Trùng tin đã được đính chính (${Math.round(c.similarity * 100)}%): ${c.claim} → ${c.correction}${c.source ? ` (nguồn: ${c.source})` : ''}`));
  }
}

function render(record, stories) {
  const li = template.content.firstElementChild.cloneNode(true);
  li.querySelector('.source').textContent = record.source.name;
  const when = record.publishedAt ?? record.collectedAt;
  const time = li.querySelector('time');
  time.dateTime = when;
  time.textContent = new Date(when).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
  const s = li.querySelector('.sentiment');
  s.textContent = record.sentiment ? SENTIMENT[record.sentiment.label] : '';
  if (record.sentiment) s.classList.add(record.sentiment.label);
  const a = li.querySelector('.title');
  // Posts have no title: their text is shown once, below.
  if (record.title) a.textContent = record.title; else a.remove();
  if (record.title && record.url && /^https?:\/\//.test(record.url)) a.href = record.url; else a.removeAttribute('href');
  li.querySelector('.text').textContent = record.text.length > 400 ? `${record.text.slice(0, 400)}…` : record.text;
  const tags = li.querySelector('.tags');
  for (const t of record.topics) tags.append(tag(`#${t.id}`, 'topic'));
  for (const p of record.places) {
    const label = p.level.startsWith('old-') ? `${p.name} (cũ)` : p.oldName ? `${p.name} (trước là ${p.oldName})` : p.name;
    tags.append(tag(label, 'place'));
  }
  const size = stories[record.clusterId ?? record.id] ?? 1;
  if (size > 1 && !cluster) {
    const story = document.createElement('button');
    story.type = 'button';
    story.className = 'tag story';
    story.textContent = `Câu chuyện: ${size} bản tin`;
    story.addEventListener('click', () => { cluster = record.clusterId ?? record.id; cursor = null; load(false); });
    tags.append(story);
  }
  if (record.duplicateOf) tags.append(tag('Bản sao/đăng lại', 'copy'));
  if (record.risk && record.risk.score >= REVIEW_FROM) showRisk(li.querySelector('details.risk'), record.risk);
  return li;
}

async function load(append) {
  const params = new URLSearchParams();
  const q = document.getElementById('q').value.trim();
  const sentiment = document.getElementById('sentiment').value;
  if (q) params.set('q', q);
  if (sentiment) params.set('sentiment', sentiment);
  if (cluster) { params.set('cluster', cluster); params.set('duplicates', 'show'); }
  if (append && cursor) params.set('cursor', cursor);
  const res = await fetch(`/api/v1/records?${params}`);
  const body = await res.json();
  if (!res.ok) {
    summary.textContent = `Lỗi: ${body.detail ?? res.statusText}`;
    return;
  }
  if (!append) list.replaceChildren();
  for (const r of body.items) list.append(render(r, body.stories ?? {}));
  cursor = body.nextCursor;
  more.hidden = !cursor;
  summary.textContent = `${body.total} bản tin${q ? ` khớp "${q}"` : ''}${cluster ? ' trong cùng một câu chuyện (tìm lại để bỏ lọc)' : ''}`;
}

// The search is in the address (?q=…&sentiment=…), so a search can be bookmarked and shared.
const fromAddress = new URLSearchParams(location.search);
document.getElementById('q').value = fromAddress.get('q') ?? '';
document.getElementById('sentiment').value = fromAddress.get('sentiment') ?? '';

form.addEventListener('submit', (e) => {
  e.preventDefault();
  cursor = null;
  cluster = null;
  const address = new URLSearchParams();
  const q = document.getElementById('q').value.trim();
  const sentiment = document.getElementById('sentiment').value;
  if (q) address.set('q', q);
  if (sentiment) address.set('sentiment', sentiment);
  history.replaceState(null, '', address.size ? `?${address}` : location.pathname);
  load(false);
});
more.addEventListener('click', () => load(true));
load(false);
