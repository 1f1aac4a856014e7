// Builds config/gazetteer.json: the configured province's administrative units after the
// 1 July 2025 reorganisation, plus the old units (provinces, districts, communes) people keep
// naming, each old unit pointing at the new units it became part of.
//
//   node pipeline/language/gazetteer-build.ts [--province "Đồng Nai"] [--focus "Bình Phước"]
//        [--out config/gazetteer.json] [--data-dir ../shared/data] [--old-districts file.json]
//
// Sources: dvhcvn/20250701 mapping files (MIT, © 2025 dvhcvn; see dvhcvn.LICENSE). They list
// old communes and new units but not the old districts, so the old district → commune table
// comes from OLD_DISTRICTS below (GSO codes, taken from dvhcvn's pre-2025 data, same licence)
// or from --old-districts for another province. Output is deterministic: same inputs, same bytes.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fold, slugify } from './fold.ts';
import { SHARED_DATA_DIR } from '../shared-data.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Input files (validated: a changed upstream format must fail loudly, not build a half gazetteer)

const MergesFile = z.object({
  data: z.array(
    z.object({
      level1_id: z.string(),
      name: z.string(),
      merges: z.array(z.object({ old_id: z.string(), name: z.string(), type: z.string() })),
      level2s: z.array(
        z.object({
          level2_id: z.string(),
          name: z.string(),
          merges: z.array(z.object({ old_id: z.string(), name: z.string(), type: z.string() })),
        }),
      ),
    }),
  ),
});

const SplitsFile = z.object({
  data: z.array(
    z.object({
      level1_id: z.string(),
      name: z.string(),
      splits: z.array(z.object({ new_id: z.string(), name: z.string() })),
      level3s: z.array(
        z.object({
          level3_id: z.string(),
          name: z.string(),
          splits: z.array(z.object({ new_id: z.string(), name: z.string() })),
        }),
      ),
    }),
  ),
});

const OldDistrictTable = z.record(
  z.string(), // old province code
  z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      // unit words the district carried over its life (Đồng Xoài: thị xã until 2018, then thành phố)
      kinds: z.array(z.enum(['huyện', 'thị xã', 'thành phố', 'quận'])).min(1),
      communes: z.array(z.string()),
    }),
  ),
);
type OldDistrictTable = z.infer<typeof OldDistrictTable>;

// Old districts of the default province (Bình Phước 70 and Đồng Nai 75 before 1 July 2025).
const OLD_DISTRICTS: OldDistrictTable = {
  '70': [
    { code: '689', name: 'Đồng Xoài', kinds: ['thành phố', 'thị xã'], communes: ['25195', '25198', '25201', '25204', '25205', '25207', '25210', '25213'] },
    { code: '688', name: 'Phước Long', kinds: ['thị xã', 'huyện'], communes: ['25216', '25217', '25219', '25220', '25237', '25245', '25249'] },
    { code: '690', name: 'Bình Long', kinds: ['thị xã', 'huyện'], communes: ['25320', '25324', '25325', '25326', '25333', '25336'] },
    { code: '691', name: 'Bù Gia Mập', kinds: ['huyện'], communes: ['25222', '25225', '25228', '25229', '25231', '25232', '25234', '25267'] },
    { code: '692', name: 'Lộc Ninh', kinds: ['huyện'], communes: ['25270', '25273', '25276', '25279', '25280', '25282', '25285', '25288', '25291', '25292', '25294', '25297', '25300', '25303', '25305', '25306'] },
    { code: '693', name: 'Bù Đốp', kinds: ['huyện'], communes: ['25308', '25309', '25310', '25312', '25315', '25318', '25321'] },
    { code: '694', name: 'Hớn Quản', kinds: ['huyện'], communes: ['25327', '25330', '25339', '25342', '25345', '25348', '25349', '25351', '25354', '25357', '25360', '25361', '25438'] },
    { code: '695', name: 'Đồng Phú', kinds: ['huyện'], communes: ['25363', '25366', '25369', '25372', '25375', '25378', '25381', '25384', '25387', '25390', '25393'] },
    { code: '696', name: 'Bù Đăng', kinds: ['huyện'], communes: ['25396', '25398', '25399', '25400', '25402', '25404', '25405', '25408', '25411', '25414', '25417', '25420', '25423', '25424', '25426', '25429'] },
    { code: '697', name: 'Chơn Thành', kinds: ['thị xã', 'huyện'], communes: ['25432', '25433', '25435', '25439', '25441', '25444', '25447', '25450', '25453'] },
    { code: '698', name: 'Phú Riềng', kinds: ['huyện'], communes: ['25240', '25243', '25244', '25246', '25250', '25252', '25255', '25258', '25261', '25264'] },
  ],
  '75': [
    { code: '731', name: 'Biên Hòa', kinds: ['thành phố'], communes: ['25993', '25996', '25999', '26002', '26005', '26008', '26011', '26014', '26017', '26020', '26023', '26026', '26029', '26032', '26035', '26038', '26041', '26044', '26047', '26050', '26053', '26056', '26059', '26062', '26065', '26068', '26371', '26374', '26377', '26380'] },
    { code: '732', name: 'Long Khánh', kinds: ['thành phố', 'thị xã'], communes: ['26071', '26074', '26077', '26080', '26083', '26086', '26089', '26092', '26095', '26098', '26101', '26104', '26107', '26110', '26113'] },
    { code: '734', name: 'Tân Phú', kinds: ['huyện'], communes: ['26116', '26119', '26122', '26125', '26128', '26131', '26134', '26137', '26140', '26143', '26146', '26149', '26152', '26155', '26158', '26161', '26164', '26167'] },
    { code: '735', name: 'Vĩnh Cửu', kinds: ['huyện'], communes: ['26170', '26173', '26176', '26179', '26182', '26185', '26188', '26191', '26194', '26197', '26200', '26203'] },
    { code: '736', name: 'Định Quán', kinds: ['huyện'], communes: ['26206', '26209', '26212', '26215', '26218', '26221', '26224', '26227', '26230', '26233', '26236', '26239', '26242', '26245'] },
    { code: '737', name: 'Trảng Bom', kinds: ['huyện'], communes: ['26248', '26251', '26254', '26257', '26260', '26263', '26266', '26269', '26272', '26275', '26278', '26281', '26284', '26287', '26290', '26293', '26296'] },
    { code: '738', name: 'Thống Nhất', kinds: ['huyện'], communes: ['26299', '26302', '26305', '26308', '26311', '26314', '26317', '26320', '26323', '26326'] },
    { code: '739', name: 'Cẩm Mỹ', kinds: ['huyện'], communes: ['26329', '26332', '26335', '26338', '26341', '26344', '26347', '26350', '26353', '26356', '26359', '26362', '26365'] },
    { code: '740', name: 'Long Thành', kinds: ['huyện'], communes: ['26368', '26383', '26386', '26389', '26392', '26395', '26398', '26401', '26404', '26410', '26413', '26416', '26419', '26422'] },
    { code: '741', name: 'Xuân Lộc', kinds: ['huyện'], communes: ['26425', '26428', '26431', '26434', '26437', '26440', '26443', '26446', '26449', '26452', '26455', '26458', '26461', '26464', '26467'] },
    { code: '742', name: 'Nhơn Trạch', kinds: ['huyện'], communes: ['26470', '26473', '26476', '26479', '26482', '26485', '26488', '26491', '26494', '26497', '26500', '26503'] },
  ],
};

// Unit names that are also ordinary Vietnamese words or phrases. Supplemented at build time by
// the phrases that occur in lower case in the segmentation corpora (when those files exist).
const COMMON_PHRASES = [
  'bình an', 'bình minh', 'đoàn kết', 'đồng tâm', 'đồng tiến', 'hòa bình', 'hưng thịnh', 'quyết thắng',
  'tân tiến', 'thanh bình', 'thành công', 'thắng lợi', 'thịnh vượng', 'thống nhất', 'thuận lợi', 'trị an',
];
// Lower-case occurrences in the corpora above which a commune name counts as an ordinary phrase
// (a lone lower-case "biên hòa" is a typo, eleven "thống nhất" are a word).
const CORPUS_COMMON_MIN = 3;
// A generic noun followed by a number ("Đường 10", "Lộ 25", "Đồi 61") is a road or a hill first.
const GENERIC_NOUN_THEN_NUMBER = /^(duong|lo|doi|ap|to|khu|km) \d+$/;
// An old district name shared by at least this many units elsewhere needs context too (Tân Phú).
const DISTRICT_SHARED_LIMIT = 10;

// ---------------------------------------------------------------------------------------------
// Output shape (places.ts validates the same shape when it loads the file)

export type GazetteerLevel = 'province' | 'ward' | 'commune' | 'special-zone' | 'old-province' | 'old-district' | 'old-commune';

export interface GazetteerEntry {
  code: string;
  name: string;
  fullName: string;
  level: GazetteerLevel;
  slug: string;
  aliases: string[];
  successors?: string[];
  inFocus: boolean;
  parentCode?: string;
  /** Why a bare mention (no unit word) needs context before it counts: 'common-phrase' | 'shared-name' | 'number-name'. */
  needsContext?: string;
}

/**
 * Units outside the province, by full name ("tỉnh Long An", "phường Hiệp Bình Phước"): places.ts
 * reads a mention of one as "elsewhere", so "thị xã Tân An, tỉnh Long An" is not our Tân An and
 * "Hiệp Bình Phước" is not Bình Phước.
 */
export interface Elsewhere {
  /** Other provinces, before and after 1 July 2025. */
  provinces: string[];
  /** Other communes, wards and towns, before and after 1 July 2025, whose names hold one of ours. */
  units: string[];
}

export interface GazetteerFile {
  note: string;
  province: string;
  focus: string | null;
  source: string;
  entries: GazetteerEntry[];
  elsewhere: Elsewhere;
}

/** Names the press uses for a province besides its own. */
const PROVINCE_NICKNAMES: Record<string, string[]> = {
  'Hồ Chí Minh': ['TP.HCM', 'TPHCM', 'TP HCM', 'Sài Gòn'],
};

// ---------------------------------------------------------------------------------------------

const UNIT_PREFIX = /^(Thành phố|Tỉnh|Xã|Phường|Thị trấn|Đặc khu|Huyện|Thị xã|Quận)\s+/u;

function splitUnit(fullName: string): { unit: string; name: string } {
  const m = UNIT_PREFIX.exec(fullName.normalize('NFC'));
  if (!m) return { unit: '', name: fullName.normalize('NFC').trim() };
  return { unit: (m[1] ?? '').toLowerCase(), name: fullName.normalize('NFC').slice(m[0].length).trim() };
}

/** Spelling variants people write for the same name: Đak/Đăk/Đắk/Dak, Roman or Arabic digits. */
function nameVariants(name: string): string[] {
  const out = new Set([name]);
  const dak = /^(Đak|Đăk|Đắk|Dak|Đác|Đắc)\s+/u.exec(name);
  if (dak) for (const v of ['Đak', 'Đăk', 'Đắk', 'Dak']) out.add(`${v} ${name.slice(dak[0].length)}`);
  return [...out];
}

/** Unit words written before a name, by the unit's kind. Abbreviations as people type them. */
const UNIT_WORDS: Record<string, string[]> = {
  'tỉnh': ['tỉnh'],
  'thành phố': ['thành phố', 'TP', 'TP.'],
  'thị xã': ['thị xã', 'TX', 'TX.'],
  'huyện': ['huyện', 'H.'],
  'quận': ['quận', 'Q.'],
  'xã': ['xã', 'X.'],
  'phường': ['phường', 'P.'],
  'thị trấn': ['thị trấn', 'TT', 'TT.'],
  'đặc khu': ['đặc khu'],
};

function aliasesFor(name: string, unitKinds: string[]): string[] {
  const out = new Set<string>();
  // "Phường 1" is only a place with its unit word: a bare "1" is a number.
  const bareIsName = !/^\d+$/.test(name);
  for (const variant of nameVariants(name)) {
    if (bareIsName) out.add(variant);
    for (const kind of unitKinds) for (const word of UNIT_WORDS[kind] ?? [kind]) out.add(`${word} ${variant}`);
  }
  for (const a of [...out]) {
    const folded = fold(a);
    if (folded !== a.toLowerCase()) out.add(folded);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const NEW_LEVEL: Record<string, GazetteerLevel> = { 'xã': 'commune', 'phường': 'ward', 'đặc khu': 'special-zone' };

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file}: file not found (pass --data-dir to point at the dvhcvn mapping files)`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function validate<T>(file: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = issue ? issue.path.map(String).join('.') || '(root)' : '(root)';
  throw new Error(`${file}: ${at}: ${issue?.message ?? 'invalid'}`);
}

/** Lower-case phrases in the segmentation corpora: evidence that a name is also an ordinary word. */
function corpusText(dataDir: string): string {
  const parts: string[] = [];
  const rdr = path.join(dataDir, 'segmentation/rdrsegmenter-train-gold.txt');
  if (existsSync(rdr)) parts.push(readFileSync(rdr, 'utf8').replace(/_/g, ' '));
  for (const f of ['vi_vtb-ud-train.conllu', 'vi_vtb-ud-dev.conllu']) {
    const p = path.join(dataDir, 'segmentation', f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.startsWith('# text = ')) parts.push(line.slice(9));
  }
  return ` ${parts.join('\n').normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
}

function countOccurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
}

export interface BuildOptions {
  province: string;
  focus: string | null;
  dataDir: string;
  oldDistricts?: OldDistrictTable;
}

export function buildGazetteer(opts: BuildOptions): GazetteerFile {
  const mergesPath = path.join(opts.dataDir, 'gazetteer/dvhcvn-2025-merges.json');
  const splitsPath = path.join(opts.dataDir, 'gazetteer/dvhcvn-2025-splits.json');
  const merges = validate(mergesPath, MergesFile, readJson(mergesPath));
  const splits = validate(splitsPath, SplitsFile, readJson(splitsPath));
  const districtsTable = opts.oldDistricts ?? OLD_DISTRICTS;

  const wanted = fold(opts.province);
  const province = merges.data.find((p) => fold(splitUnit(p.name).name) === wanted);
  if (!province) {
    const known = merges.data.map((p) => splitUnit(p.name).name).join(', ');
    throw new Error(`province "${opts.province}" is not a post-2025 province; known: ${known}`);
  }
  const oldProvinceIds = province.merges.map((m) => m.old_id);
  const oldProvinces = oldProvinceIds.map((id) => {
    const p = splits.data.find((s) => s.level1_id === id);
    if (!p) throw new Error(`${splitsPath}: old province ${id} (merged into ${province.name}) is missing`);
    return p;
  });
  const focusId = opts.focus ? oldProvinces.find((p) => fold(splitUnit(p.name).name) === fold(opts.focus ?? ''))?.level1_id : undefined;
  if (opts.focus && !focusId) {
    throw new Error(`focus "${opts.focus}" is not one of the old provinces of ${province.name}: ${oldProvinces.map((p) => splitUnit(p.name).name).join(', ')}`);
  }

  // Units elsewhere in the country: by full name, and how many units use each name.
  const otherProvinces = new Set<string>();
  const otherUnits = new Set<string>();
  const elsewhere = new Map<string, number>();
  const addOther = (fullName: string, into: Set<string>, counted: boolean): void => {
    const { unit, name } = splitUnit(fullName);
    into.add(`${unit || 'tỉnh'} ${name}`);
    if (into === otherProvinces) for (const n of PROVINCE_NICKNAMES[name] ?? []) into.add(n);
    if (counted) elsewhere.set(fold(name), (elsewhere.get(fold(name)) ?? 0) + 1);
  };
  for (const p of merges.data) {
    if (p.level1_id === province.level1_id) continue;
    addOther(p.name, otherProvinces, false);
    for (const u of p.level2s) addOther(u.name, otherUnits, true);
  }
  for (const p of splits.data) {
    if (oldProvinceIds.includes(p.level1_id)) continue;
    addOther(p.name, otherProvinces, true);
    for (const u of p.level3s) addOther(u.name, otherUnits, true);
  }
  const sorted = (xs: Set<string>): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Of the communes elsewhere only those whose name holds one of ours inside a longer name
  // matter ("Hiệp Bình Phước", "Phước Long B"): a namesake of the same length is ours unless its
  // context says otherwise, and every other name can never be mistaken for ours.
  const holdsOurName = (fullName: string, ourNames: Set<string>): boolean => {
    const name = ` ${fold(splitUnit(fullName).name).toLowerCase()} `;
    for (const o of ourNames) if (name.includes(` ${o} `) && name.trim() !== o) return true;
    return false;
  };
  const corpus = corpusText(opts.dataDir);
  const common = new Set(COMMON_PHRASES.map((p) => p.normalize('NFC')));
  const needsContext = (name: string, level: GazetteerLevel): string | undefined => {
    const lower = name.normalize('NFC').toLowerCase();
    if (GENERIC_NOUN_THEN_NUMBER.test(fold(name))) return 'number-name';
    if (common.has(lower)) return 'common-phrase';
    if ((level === 'old-commune' || level === 'ward' || level === 'commune') && countOccurrences(corpus, ` ${lower} `) >= CORPUS_COMMON_MIN) return 'common-phrase';
    const shared = elsewhere.get(fold(name)) ?? 0;
    if (level === 'province' || level === 'old-province') return undefined;
    if (level === 'old-district') return shared >= DISTRICT_SHARED_LIMIT ? 'shared-name' : undefined;
    return shared > 0 ? 'shared-name' : undefined;
  };

  // Old commune → old district, from the table.
  const districtOf = new Map<string, { provinceId: string; code: string }>();
  for (const [provinceId, districts] of Object.entries(districtsTable)) {
    for (const d of districts) for (const c of d.communes) districtOf.set(c, { provinceId, code: d.code });
  }

  const entries: GazetteerEntry[] = [];
  const newCode = (id: string): string => id;
  const oldCode = (id: string): string => `old-${id}`;

  // The new province and its units.
  const provinceName = splitUnit(province.name).name;
  entries.push({
    code: newCode(province.level1_id),
    name: provinceName,
    fullName: `${splitUnit(province.name).unit || 'tỉnh'} ${provinceName}`,
    level: 'province',
    slug: '',
    aliases: aliasesFor(provinceName, [splitUnit(province.name).unit || 'tỉnh']),
    inFocus: focusId !== undefined,
  });
  const oldCommuneProvince = new Map<string, string>();
  for (const p of oldProvinces) for (const c of p.level3s) oldCommuneProvince.set(c.level3_id, p.level1_id);
  const units = [...province.level2s].sort((a, b) => a.level2_id.localeCompare(b.level2_id));
  for (const u of units) {
    const { unit, name } = splitUnit(u.name);
    const level = NEW_LEVEL[unit];
    if (!level) throw new Error(`${mergesPath}: ${u.level2_id} "${u.name}": unknown unit word "${unit}"`);
    entries.push({
      code: newCode(u.level2_id),
      name,
      fullName: `${unit} ${name}`,
      level,
      slug: '',
      aliases: aliasesFor(name, [unit]),
      inFocus: focusId !== undefined && u.merges.some((m) => oldCommuneProvince.get(m.old_id) === focusId),
      parentCode: newCode(province.level1_id),
    });
  }

  // Old provinces, districts and communes.
  const missingDistrict: string[] = [];
  for (const p of oldProvinces) {
    const { unit: pUnit, name: pName } = splitUnit(p.name);
    entries.push({
      code: oldCode(p.level1_id),
      name: pName,
      fullName: `${pUnit || 'tỉnh'} ${pName}`,
      level: 'old-province',
      slug: '',
      aliases: aliasesFor(pName, [pUnit || 'tỉnh']),
      successors: [...new Set(p.splits.map((s) => newCode(s.new_id)))].sort(),
      inFocus: p.level1_id === focusId,
    });
    const communeIds = new Set(p.level3s.map((c) => c.level3_id));
    for (const d of districtsTable[p.level1_id] ?? []) {
      const successors = new Set<string>();
      for (const c of p.level3s) if (d.communes.includes(c.level3_id)) for (const s of c.splits) successors.add(newCode(s.new_id));
      if (!d.communes.some((c) => communeIds.has(c))) continue;
      entries.push({
        code: oldCode(d.code),
        name: d.name,
        fullName: `${d.kinds[0]} ${d.name}`,
        level: 'old-district',
        slug: '',
        aliases: aliasesFor(d.name, d.kinds),
        successors: [...successors].sort(),
        inFocus: p.level1_id === focusId,
        parentCode: oldCode(p.level1_id),
      });
    }
    for (const c of [...p.level3s].sort((a, b) => a.level3_id.localeCompare(b.level3_id))) {
      const { unit, name } = splitUnit(c.name);
      const district = districtOf.get(c.level3_id);
      if (!district) missingDistrict.push(`${c.level3_id} ${c.name}`);
      entries.push({
        code: oldCode(c.level3_id),
        name,
        fullName: `${unit} ${name}`,
        level: 'old-commune',
        slug: '',
        aliases: aliasesFor(name, [unit]),
        successors: [...new Set(c.splits.map((s) => newCode(s.new_id)))].sort(),
        inFocus: p.level1_id === focusId,
        parentCode: district ? oldCode(district.code) : oldCode(p.level1_id),
      });
    }
  }
  if (missingDistrict.length > 0) {
    process.stderr.write(`gazetteer: ${missingDistrict.length} old communes have no old district in the table (parent set to the old province): ${missingDistrict.slice(0, 5).join('; ')}${missingDistrict.length > 5 ? ' …' : ''}\n`);
  }

  for (const e of entries) {
    const reason = needsContext(e.name, e.level);
    if (reason) e.needsContext = reason;
  }
  assignSlugs(entries);
  const ourNames = new Set(entries.map((e) => fold(e.name).toLowerCase()));

  return {
    note:
      'Generated by pipeline/language/gazetteer-build.ts; do not edit by hand. Data: dvhcvn/20250701 mapping (MIT, © 2025 dvhcvn), old district table from dvhcvn pre-2025 data.',
    province: provinceName,
    focus: focusId ? splitUnit(oldProvinces.find((p) => p.level1_id === focusId)?.name ?? '').name : null,
    source: 'dvhcvn-2025-merges.json, dvhcvn-2025-splits.json',
    entries,
    elsewhere: {
      provinces: sorted(otherProvinces),
      units: sorted(otherUnits).filter((u) => holdsOurName(u, ourNames)),
    },
  };
}

/** Unique slugs: earlier entries (the province, then new units) keep the plain name ("bu-dang");
 * later namesakes add their unit word ("bu-dang-huyen", "dong-xoai-thanh-pho"), then the parent, then the code. */
function assignSlugs(entries: GazetteerEntry[]): void {
  const taken = new Set<string>();
  const byCode = new Map(entries.map((e) => [e.code, e]));
  for (const e of entries) {
    const base = slugify(e.name) || e.code;
    const unit = slugify(e.fullName.slice(0, Math.max(0, e.fullName.length - e.name.length))) || e.level;
    const parent = e.parentCode ? byCode.get(e.parentCode) : undefined;
    const candidates = [base, `${base}-${unit}`];
    if (parent) candidates.push(`${base}-${unit}-${slugify(parent.name)}`);
    candidates.push(`${base}-${unit}-${slugify(e.code)}`);
    const slug = candidates.find((c) => !taken.has(c)) ?? `${base}-${slugify(e.code)}-${taken.size}`;
    taken.add(slug);
    e.slug = slug;
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      province: { type: 'string', default: 'Đồng Nai' },
      focus: { type: 'string', default: 'Bình Phước' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'config/gazetteer.json') },
      'data-dir': { type: 'string', default: SHARED_DATA_DIR },
      'old-districts': { type: 'string' },
    },
  });
  const oldDistrictsFile = values['old-districts'];
  const oldDistricts = oldDistrictsFile ? validate(oldDistrictsFile, OldDistrictTable, readJson(oldDistrictsFile)) : undefined;
  const started = Date.now();
  const gazetteer = buildGazetteer({
    province: values.province,
    focus: values.focus ? values.focus : null,
    dataDir: values['data-dir'],
    ...(oldDistricts ? { oldDistricts } : {}),
  });
  const out = path.resolve(values.out);
  mkdirSync(path.dirname(out), { recursive: true });
  // One entry per line: small diffs when the data changes, still valid JSON.
  const body = gazetteer.entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  const head = JSON.stringify({ note: gazetteer.note, province: gazetteer.province, focus: gazetteer.focus, source: gazetteer.source }, null, 2).slice(0, -2);
  const elsewhere = `  "elsewhere": {\n    "provinces": ${JSON.stringify(gazetteer.elsewhere.provinces)},\n    "units": ${JSON.stringify(gazetteer.elsewhere.units)}\n  }`;
  writeFileSync(out, `${head},\n  "entries": [\n${body}\n  ],\n${elsewhere}\n}\n`);
  const counts = new Map<string, number>();
  for (const e of gazetteer.entries) counts.set(e.level, (counts.get(e.level) ?? 0) + 1);
  process.stderr.write(
    `gazetteer: wrote ${gazetteer.entries.length} entries to ${out} (${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}; ${gazetteer.elsewhere.provinces.length} provinces and ${gazetteer.elsewhere.units.length} units elsewhere) in ${Date.now() - started} ms\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`gazetteer-build: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
