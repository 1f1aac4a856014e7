import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGazetteer, findPlaces, type Gazetteer, type PlaceMention } from './places.ts';

let g: Gazetteer;
beforeAll(() => {
  g = loadGazetteer();
});

const codes = (text: string): string[] => findPlaces(g, text).map((m) => m.code);
const one = (text: string): PlaceMention => {
  const found = findPlaces(g, text);
  expect(found, text).toHaveLength(1);
  return found[0] as PlaceMention;
};

describe('gazetteer file', () => {
  it('holds the new province, its communes and wards, and the old units', () => {
    const levels = new Map<string, number>();
    for (const e of g.entries) levels.set(e.level, (levels.get(e.level) ?? 0) + 1);
    expect(levels.get('province')).toBe(1);
    expect((levels.get('ward') ?? 0) + (levels.get('commune') ?? 0)).toBe(95);
    expect(levels.get('old-district')).toBe(22);
    expect(levels.get('old-province')).toBe(2);
    expect(g.bySlug.get('bu-dang')?.fullName).toBe('xã Bù Đăng');
    expect(g.bySlug.get('bu-dang-huyen')?.level).toBe('old-district');
    expect(g.byCode.get('old-689')?.successors).toEqual(['25195', '25210']);
    expect(g.byCode.get('old-689')?.aliases).toEqual(expect.arrayContaining(['TP Đồng Xoài', 'TX Đồng Xoài', 'Đồng Xoài', 'dong xoai']));
    expect(g.byCode.get('25396')?.inFocus).toBe(true);
    expect(g.byCode.get('26041')?.inFocus).toBe(false);
  });

  it('rejects a bad file naming the file, the path inside it and what was expected', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gaz-'));
    const file = path.join(dir, 'gazetteer.json');
    const good = JSON.parse(readFileSync(g.file, 'utf8')) as { entries: Record<string, unknown>[] };
    (good.entries[3] as Record<string, unknown>).level = 'district';
    writeFileSync(file, JSON.stringify(good));
    expect(() => loadGazetteer(file)).toThrow(/gazetteer\.json: entries\[3\]\.level: .*province/);
    writeFileSync(file, '{ not json');
    expect(() => loadGazetteer(file)).toThrow(/gazetteer\.json: not valid JSON/);
    expect(() => loadGazetteer(path.join(dir, 'missing.json'))).toThrow(/missing\.json: file not found/);
  });
});

describe('old names', () => {
  it('reads "Bù Đăng" and "huyện Bù Đăng" as the former district, split among new communes', () => {
    for (const text of ['Mưa lớn ở Bù Đăng', 'UBND huyện Bù Đăng']) {
      const m = one(text);
      expect(m).toMatchObject({ code: 'old-696', level: 'old-district', old: true, oldName: 'Bù Đăng' });
      expect(m.successors).toContain('25396');
    }
    expect(one('UBND huyện Bù Đăng').matched).toBe('huyện Bù Đăng');
  });

  it('keeps "xã Bù Đăng" as the new commune', () => {
    expect(one('Người dân xã Bù Đăng phản ánh')).toMatchObject({ code: '25396', level: 'commune', old: false });
  });

  it('reads "TP Đồng Xoài" and "Đồng Xoài" as the former city, whose wards are Bình Phước and Đồng Xoài', () => {
    for (const text of ['Kẹt xe qua TP Đồng Xoài', 'TP. Đồng Xoài', 'thành phố Đồng Xoài', 'Đồng Xoài nắng nóng']) {
      const m = one(text);
      expect(m, text).toMatchObject({ code: 'old-689', old: true, oldName: 'Đồng Xoài', successors: ['25195', '25210'] });
    }
    expect(one('phường Đồng Xoài')).toMatchObject({ code: '25210', level: 'ward', old: false });
  });

  it('resolves an old commune that went whole into one new unit to that unit, keeping the old name', () => {
    expect(one('phường Tân Thiện')).toMatchObject({ code: '25195', name: 'Bình Phước', old: true, oldName: 'Tân Thiện' });
    expect(one('tỉnh Bình Phước')).toMatchObject({ code: '75', name: 'Đồng Nai', level: 'province', old: true, oldName: 'Bình Phước' });
    expect(one('xã Đường 10')).toMatchObject({ code: '25399', old: true, oldName: 'Đường 10' });
  });

  it('finds "Chơn Thành" and the old Đồng Nai districts', () => {
    expect(one('Chơn Thành thu hút đầu tư')).toMatchObject({ code: 'old-697', old: true });
    expect(one('thị xã Chơn Thành')).toMatchObject({ code: 'old-697' });
    expect(one('phường Chơn Thành')).toMatchObject({ code: '25432', old: false });
    expect(codes('Biên Hòa, Long Khánh, Nhơn Trạch, Long Thành, Trảng Bom, Vĩnh Cửu, Định Quán, Xuân Lộc, Cẩm Mỹ')).toEqual([
      'old-731', 'old-732', 'old-742', 'old-740', 'old-737', 'old-735', 'old-736', 'old-741', 'old-739',
    ]);
  });
});

describe('spelling', () => {
  it('matches text written without diacritics', () => {
    expect(one('gia dat o dong xoai tang')).toMatchObject({ code: 'old-689', matched: 'dong xoai' });
    expect(codes('ai o chon thanh, bu dang')).toEqual(['old-697', 'old-696']);
    expect(codes('BU DANG')).toEqual(['old-696']);
  });

  it('requires the diacritics to agree when the text has them', () => {
    expect(codes('Bu Dang là tên một nhân vật, không phải địa danh')).toEqual([]);
    expect(codes('Xã Phú Hoà và xã Phú Hòa')).toEqual(['26221', '26221']); // tone placement does not matter
    expect(codes('Xã Phú Hoá')).toEqual([]);
  });

  it('matches whole syllables only', () => {
    expect(codes('BùĐăng, xaBù, Đồng Xoàiii, ĐồngXoài')).toEqual([]);
    expect(codes('#dongxoai')).toEqual([]);
    expect(codes('(Bù Đăng)')).toEqual(['old-696']);
  });

  it('prefers the longest match', () => {
    expect(one('phường Long Bình Tân cũ')).toMatchObject({ code: '26380', oldName: 'Long Bình Tân' });
    expect(one('Phường Long Bình')).toMatchObject({ code: '26020', matched: 'Phường Long Bình' });
  });

  it('finds new ward and commune names', () => {
    expect(codes('Phường Trấn Biên, phường Tân Triều, xã Nha Bích và xã Đăk Ơ')).toEqual(['26041', '26188', '25450', '25225']);
    expect(codes('Đắk Ơ')).toEqual(['25225']);
  });
});

describe('ambiguity', () => {
  it('reads "Đồng Nai" as the province, "xã Đồng Nai" as the old commune now in Thọ Sơn', () => {
    expect(one('tỉnh Đồng Nai')).toMatchObject({ code: '75', old: false });
    expect(one('Sông Đồng Nai')).toMatchObject({ code: '75', level: 'province' });
    expect(one('xã Đồng Nai')).toMatchObject({ code: '25402', name: 'Thọ Sơn', old: true, oldName: 'Đồng Nai' });
  });

  it('leaves "Tân Phú" alone without context, resolves it with a unit word or a place nearby', () => {
    expect(codes('Tân Phú')).toEqual([]);
    expect(codes('Cửa hàng ở quận Tân Phú, TP.HCM')).toEqual([]);
    expect(codes('xã Tân Phú')).toEqual(['26116']);
    expect(codes('huyện Tân Phú')).toEqual(['old-734']);
    expect(codes('Tân Phú và Định Quán')).toEqual(['old-734', 'old-736']);
    expect(codes('thị trấn Tân Phú, huyện Đồng Phú')).toEqual(['25363', 'old-695']);
  });

  it('does not take ordinary phrases for places', () => {
    expect(codes('Tinh thần đoàn kết, thống nhất ý chí, bình minh hòa bình')).toEqual([]);
    expect(codes('Đội Thống Nhất thắng đội Hòa Bình')).toEqual([]);
    expect(codes('Đường 10 bị sạt lở')).toEqual([]);
    expect(codes('xã Thống Nhất')).toEqual(['26299']);
    expect(codes('Thống Nhất, Đồng Nai')).toEqual(['old-738', '75']);
    expect(codes('thống nhất, Đồng Nai')).toEqual(['75']);
  });

  it('needs context for names shared with other provinces', () => {
    expect(codes('Lộc Hưng')).toEqual([]);
    expect(codes('Lộc Hưng, Lộc Ninh')).toEqual(['25303', 'old-692']);
  });
});

describe('places of the same name elsewhere in the country', () => {
  it('knows the other provinces and their communes, and keeps them out', () => {
    expect(g.elsewhere.provinces.length).toBeGreaterThan(60);
    expect(g.elsewhere.units).toContain('phường Hiệp Bình Phước');
    // Tân An is also one of our communes, and Long An one of our old communes.
    expect(codes('Lễ khánh thành cầu ở thị xã Tân An, tỉnh Long An')).toEqual([]);
    expect(codes('Hàng hóa về Long An và Tiền Giang')).toEqual([]);
    expect(codes('xã Long An')).toHaveLength(1);
  });

  it('does not find our name inside a longer name from elsewhere', () => {
    expect(codes('Người dân phường Hiệp Bình Phước phản ánh')).toEqual([]);
    expect(codes('Kiểm lâm Bình Phước kiểm tra các điểm kinh doanh')).toEqual(['75']);
  });

  it('reads a commune followed by a district or province elsewhere as the namesake there', () => {
    expect(codes('Dịch bệnh ở xã Thạnh Phú (huyện Mỹ Xuyên)')).toEqual([]);
    expect(codes('Hộ dân ở phường Tân Phú (quận 7) nhận phiếu')).toEqual([]);
    expect(codes('Cái xóm nhỏ ở xã Phú Túc (Châu Thành, Bến Tre)')).toEqual([]);
    expect(codes('Các hộ ở xã Tân Phú, xã Phú Xuân (huyện Nhà Bè) được hỗ trợ')).toEqual([]);
    // Our own district locates our commune, in parentheses too.
    expect(codes('Người dân xã Tam Phước, huyện Long Thành phản đối')).toEqual(['26374', 'old-740']);
    expect(codes('Người dân xã Thuận Lợi (Đồng Phú) phản ánh')).toHaveLength(2);
    expect(codes('Công an xã Thuận Lợi (Công an huyện) vào cuộc')).toHaveLength(1);
    expect(codes('Ông Nguyễn Văn Minh, xã Thuận Lợi (Phó Chủ tịch xã) cho biết')).toHaveLength(1);
  });

  it('needs a name written as a name: every syllable capitalised, or none', () => {
    expect(codes('Anh Xuân bảo tôi chuẩn bị đồ nghề')).toEqual([]);
    expect(codes('Xã Xuân Bảo tổ chức lễ hội')).toHaveLength(1);
  });
});

describe('odd input', () => {
  it('handles empty text, control characters, lone surrogates and emoji', () => {
    expect(findPlaces(g, '')).toEqual([]);
    expect(findPlaces(g, '\u0000\u0001\ud800\udfff'.repeat(10))).toEqual([]);
    expect(codes('🙂🙂 Bù Đăng 🙂\ud83d')).toEqual(['old-696']);
    expect(findPlaces(g, '😀'.repeat(2000))).toEqual([]);
  });

  it('handles decomposed (NFD) text and keeps offsets into the original string', () => {
    const text = 'Ở Bù Đăng'.normalize('NFD');
    const m = one(text);
    expect(text.slice(m.start, m.end)).toBe(m.matched);
    expect(m.code).toBe('old-696');
  });

  it('handles 1 MB of text', () => {
    const chunk = 'Người dân phường Đồng Xoài và xã Bù Đăng phản ánh về giá điện. ';
    const text = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    const found = findPlaces(g, text);
    expect(found.length).toBe(2 * Math.ceil(1_000_000 / chunk.length));
    const last = found.at(-1) as PlaceMention;
    expect(text.slice(last.start, last.end)).toBe(last.matched);
  });
});

describe('hand-labelled dev sentences', () => {
  it('finds the labelled places (figures printed)', () => {
    const file = path.resolve(path.dirname(g.file), '../test/data/places-dev.jsonl');
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; places: string[] })
      .filter((r) => r.text);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const left = [...r.places];
      for (const c of codes(r.text)) {
        const i = left.indexOf(c);
        if (i >= 0) {
          left.splice(i, 1);
          tp++;
        } else fp++;
      }
      fn += left.length;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`places dev: ${rows.length} sentences, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(precision).toBeGreaterThan(0.9);
    expect(recall).toBeGreaterThan(0.9);
  });
});
