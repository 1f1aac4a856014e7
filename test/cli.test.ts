// The dlxh command line as scripts use it: stdin/stdout filters, per-line errors, exit codes.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '..', 'api', 'cli.ts');
const dlxh = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe('dlxh analyze', () => {
  it('keeps input order and fields, adds the analysis, reports bad lines by number and exits 3', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Người dân Bù Đăng bức xúc vì bồi thường giải phóng mặt bằng cao tốc quá chậm', extra: 1 }),
      'not json',
      JSON.stringify({ id: 'b', title: 'only a title' }),
      JSON.stringify({ id: 'c', text: 'CHÚC MỪNG bạn trúng thưởng xe SH, chuyển khoản phí hồ sơ vào tài khoản cá nhân để nhận' }),
      '',
    ].join('\n');
    const r = dlxh(['analyze'], input);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/line 2: not JSON .*each line must be one JSON object/);
    expect(r.stderr).toMatch(/line 3: text: missing; each line needs "text"/);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'c']);
    expect(out[0]).toMatchObject({ extra: 1, lang: 'vi', sentiment: { label: 'negative' } });
    expect(out[0].topics.map((t: { id: string }) => t.id)).toContain('dat-dai');
    expect(out[0].places.map((p: { name: string }) => p.name)).toContain('Bù Đăng');
    expect(out[0].words).toContain('bồi_thường');
    expect(out[0].risk.score).toBeLessThan(0.2);
    expect(out[1].risk.score).toBeGreaterThan(0.5);
    expect(out[1].risk.signals.length).toBeGreaterThan(0);
    for (const o of out) expect(o.toxicity.label).toMatch(/clean|offensive|hate/);
  });

  it('takes a record whose text holds U+2028 or U+2029 as the one line it is, and writes it escaped', () => {
    const text = 'Cảnh báo lừa đảo\u2028Người dân cần cảnh giác\u2029Hết';
    const r = dlxh(['analyze'], `${JSON.stringify({ id: 'u', text })}\n${JSON.stringify({ id: 'v', text: 'Giá điều tăng' })}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'u', text });
    const seg = dlxh(['segment'], `dư luận\u2028xã hội\nhai\n`);
    expect(seg.stdout).toBe('dư_luận xã_hội\nhai\n');
  });

  it('analyses garbled text as what it says (UTF-8 read as Latin-1, TCVN3, HTML entities), and gives the line back as it came', () => {
    const said = 'Người dân Bù Đăng bức xúc vì bồi thường giải phóng mặt bằng quá chậm';
    const mojibake = Buffer.from(said, 'utf8').toString('latin1');
    const tcvn3 = 'Ng\u00adêi d©n Bï §¨ng bøc xóc v× båi th\u00adêng gi¶i phãng mÆt b»ng qu¸ chËm';
    const escaped = [...said].map((c) => (c.charCodeAt(0) > 0x7f ? `&#${c.codePointAt(0)};` : c)).join('');
    const r = dlxh(['analyze'], [mojibake, tcvn3, escaped].map((text) => `${JSON.stringify({ text })}\n`).join(''));
    expect(r.status).toBe(0);
    const [a, b, c] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(c.text).toBe(escaped);
    for (const o of [a, b, c]) {
      expect(o.lang).toBe('vi');
      expect(o.places.map((p: { name: string }) => p.name)).toContain('Bù Đăng');
      expect(o.words).toContain('bồi_thường');
      expect(o.topics.map((t: { id: string }) => t.id)).toContain('dat-dai');
    }
    expect(a.text).toBe(mojibake);
    expect(b.text).toBe(tcvn3);
  });

  it('says which --in file is missing, as bad usage (exit 2)', () => {
    for (const command of ['analyze', 'segment']) {
      const r = dlxh([command, '--in', path.join(tmpdir(), 'dlxh-no-such-file.jsonl')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(`dlxh: ${path.join(tmpdir(), 'dlxh-no-such-file.jsonl')}: file not found`);
    }
  });

  it('reads and writes files, and exits 0 when every line was analysed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-cli-'));
    writeFileSync(path.join(dir, 'in.jsonl'), `${JSON.stringify({ text: 'Giá điều năm nay tăng' })}\n`);
    const r = dlxh(['analyze', '--in', path.join(dir, 'in.jsonl'), '--out', path.join(dir, 'out.jsonl')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'out.jsonl'), 'utf8')).text).toBe('Giá điều năm nay tăng');
  });
});

describe('dlxh train', () => {
  it('reports macro-F1 over the labels the file uses, not every label the task could have', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-train-'));
    const lines = [];
    for (let i = 0; i < 30; i++) {
      lines.push(JSON.stringify({ text: `đm trời mưa hoài lần ${i}`, label: 'offensive' }));
      lines.push(JSON.stringify({ text: `thằng khốn nạn số ${i} lừa tiền dân`, label: 'hate' }));
    }
    writeFileSync(path.join(dir, 'abuse.jsonl'), lines.join('\n'));
    const t = dlxh(['train', 'toxicity', '--in', path.join(dir, 'abuse.jsonl'), '--out', path.join(dir, 'model')]);
    expect(t.status).toBe(0);
    // No "clean" line: it does not count as a label scored 0.
    expect(t.stderr).toMatch(/held-out tenth: macro-F1 1\.000, accuracy 1\.000 \(6 examples\)/);
  });

  it('trains a model that dlxh analyze --model uses, with any topic labels', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-train-'));
    const lines = [];
    for (let i = 0; i < 30; i++) {
      lines.push(JSON.stringify({ text: `Cầu treo số ${i} ở xã bị hư hỏng, đi lại khó khăn`, label: 'cau-duong' }));
      lines.push(JSON.stringify({ text: `Lễ hội văn hóa lần ${i} thu hút du khách`, label: 'le-hoi' }));
    }
    writeFileSync(path.join(dir, 'topics.jsonl'), lines.join('\n'));
    const t = dlxh(['train', 'topic', '--in', path.join(dir, 'topics.jsonl'), '--out', path.join(dir, 'model')]);
    expect(t.status).toBe(0);
    expect(existsSync(path.join(dir, 'model', 'topic.json'))).toBe(true);
    // The lines alternate labels: the held-out tenth is every 10th line of each label, not of the file.
    expect(t.stderr).toMatch(/held-out tenth: macro-F1 1\.000, accuracy 1\.000 \(6 examples\)/);
    // The text also meets a configured rule (giao-thong); the chosen model's topic leads.
    const a = dlxh(['analyze', '--model', path.join(dir, 'model')], `${JSON.stringify({ text: 'Cầu treo hư hỏng nặng, dân đi lại khó khăn, tai nạn giao thông liên tiếp' })}\n`);
    const out = JSON.parse(a.stdout);
    expect(out.topics[0].id).toBe('cau-duong');
    expect(out.topics.map((x: { id: string }) => x.id)).toContain('giao-thong');
    expect(out.analysisVersion).toMatch(/topic@topic-/);
  });

  it('refuses a missing or broken --model folder as bad usage (exit 2), naming the file and what is wrong', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-badmodel-'));
    const line = `${JSON.stringify({ text: 'Giá điều tăng' })}\n`;
    const missing = dlxh(['analyze', '--model', path.join(dir, 'nowhere')], line);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/model folder not found: .*nowhere/);
    writeFileSync(path.join(dir, 'topic.json'), '{"kind":"topic"');
    const broken = dlxh(['analyze', '--model', dir], line);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(`${path.join(dir, 'topic.json')}: not a model file, its JSON is broken`);
    writeFileSync(path.join(dir, 'topic.json'), '{"kind":"topic","labels":["a"]}');
    const wrong = dlxh(['analyze', '--model', dir], line);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/topic\.json: Not a DLXH classifier model .*labels: Too small/);
    expect(wrong.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('lists every wrong line of a training file at once, by number, and trains on none of it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-train-'));
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, ['{"text":"a","label":"x"}', 'not json', '{"text":"b"}', '{"text":"","label":"y"}', '[1]', '{"text":"c","label":5}'].join('\n'));
    const r = dlxh(['train', 'topic', '--in', file, '--out', path.join(dir, 'model')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('5 wrong lines');
    for (const n of [2, 3, 4, 5, 6]) expect(r.stderr).toMatch(new RegExp(`line ${n}: `));
    expect(existsSync(path.join(dir, 'model'))).toBe(false);
    const missing = dlxh(['train', 'topic', '--in', path.join(dir, 'nowhere.jsonl'), '--out', path.join(dir, 'model')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.jsonl: file not found/);
  });

  it('refuses an unknown task, a wrong label and too little data with what to fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-train-'));
    expect(dlxh(['train', 'mood', '--in', 'x', '--out', dir]).stderr).toMatch(/unknown task "mood"/);
    writeFileSync(path.join(dir, 's.jsonl'), JSON.stringify({ text: 'vui', label: 'happy' }));
    const r = dlxh(['train', 'sentiment', '--in', path.join(dir, 's.jsonl'), '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/label "happy" is not a sentiment label/);
  });
});

describe('dlxh reanalyse', () => {
  it('re-analyses the stored records that other models analysed, and only those unless --all', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-reanalyse-'));
    const data = path.join(dir, 'data');
    const posts = ['Người dân Bù Đăng chờ tiền bồi thường cao tốc', 'Giá điều năm nay tăng mạnh', 'Đường vào xã ngập sâu sau mưa'];
    writeFileSync(path.join(dir, 'posts.ndjson'), posts.map((text, i) => JSON.stringify({ id: `p${i}`, text })).join('\n'));
    expect(dlxh(['import', path.join(dir, 'posts.ndjson'), '--data', data]).status).toBe(0);
    const same = dlxh(['reanalyse', '--data', data]);
    expect(same.status).toBe(0);
    expect(same.stderr).toMatch(/0 of 3 records re-analysed .*; 3 were already current/);
    expect(dlxh(['reanalyse', '--data', data, '--all']).stderr).toMatch(/3 of 3 records re-analysed/);
    // Other models (a sentiment model of one's own): every record is re-analysed with them.
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: i % 2 ? `tốt quá ${i}` : `tệ quá ${i}`, label: i % 2 ? 'positive' : 'negative' }));
    writeFileSync(path.join(dir, 's.jsonl'), lines.join('\n'));
    expect(dlxh(['train', 'sentiment', '--in', path.join(dir, 's.jsonl'), '--out', path.join(dir, 'model')]).status).toBe(0);
    const other = dlxh(['reanalyse', '--data', data, '--model', path.join(dir, 'model')]);
    expect(other.stderr).toMatch(/3 of 3 records re-analysed/);
  });
});

describe('dlxh segment and help', () => {
  it('segments one line in, one line out', () => {
    const r = dlxh(['segment'], 'Dư luận xã hội ở Đồng Xoài\n\nbồi thường giải phóng mặt bằng\n');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['Dư_luận xã_hội ở Đồng_Xoài', '', 'bồi_thường giải_phóng mặt_bằng']);
  });
  it('has --help everywhere and exits 2 on bad usage', () => {
    for (const cmd of ['crawl', 'import', 'analyze', 'serve', 'demo', 'train', 'reanalyse', 'segment', 'extract', 'sources']) {
      const r = dlxh([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout).toMatch(/Usage: dlxh/);
    }
    expect(dlxh(['import']).status).toBe(2);
    expect(dlxh(['frobnicate']).status).toBe(2);
  });
});
