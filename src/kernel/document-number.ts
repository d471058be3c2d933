/**
 * 文号 The official numbers of the documents the system issues (ADR 0030), in one place: which documents are numbered,
 * the word each kind carries, the county's short name and the printed form `铁县民批〔2019〕15号`.
 *
 * The register is the county's: one sequence per county, per kind and per calendar year (the year of the issuing
 * day), 1, 2, 3 … without gaps. The number is allocated in the transaction of the event that issues the document and
 * stored with it, so printing again shows the same number.
 */
export const NUMBERED_KINDS = ['acceptance', 'missing', 'refusal', 'approval', 'termination', 'suspension', 'change'] as const;
export type NumberedKind = (typeof NUMBERED_KINDS)[number];

/** The kind's word in the number: 受理, 补正, 驳回 (不予批准), 批准, 终止, 暂停, 变更. */
export const KIND_WORD: Record<NumberedKind, string> = {
  acceptance: '受',
  missing: '补',
  refusal: '驳',
  approval: '批',
  termination: '终',
  suspension: '停',
  change: '变',
};

/**
 * The county's short name as it heads its bureau's numbers: the first character of its name and its level (县, 区 or
 * 市): 铁岭县 → 铁县, 银州区 → 银区, 开原市 → 开市. A name without a level suffix keeps its first character; a code
 * (no name known) stays whole.
 */
export function countyShortName(countyName: string): string {
  const name = countyName.trim();
  // A county whose division name is not loaded is named by its code, whole.
  if (name.length === 0 || /^\d+$/.test(name)) return name;
  const level = /[县区市旗]$/.exec(name)?.[0];
  return level && name.length > 1 ? `${name[0]}${level}` : name[0];
}

/** The prefix of a kind's numbers in a county: short name + 民 (the civil-affairs bureau) + the kind's word. */
export function numberPrefix(countyName: string, kind: NumberedKind): string {
  return `${countyShortName(countyName)}民${KIND_WORD[kind]}`;
}

/** `铁县民批〔2019〕15号`: the prefix, the year in 〔〕, the sequence without leading zeros, 号. */
export function formatDocumentNumber(prefix: string, year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence ${seq}`);
  return `${prefix}〔${year}〕${seq}号`;
}

/** Reads a number back (prefix, year, sequence), or null when it is not in the official form. */
export function parseDocumentNumber(text: string): { prefix: string; year: number; seq: number } | null {
  const m = /^(.+)〔(\d{4})〕([1-9]\d*)号$/.exec(text);
  return m ? { prefix: m[1], year: Number(m[2]), seq: Number(m[3]) } : null;
}
