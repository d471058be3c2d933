import type { BilingualMessage } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';

/**
 * A policy parameter value: a number (yuan, a ratio, a count…) or a list of codes (e.g. excluded income
 * kinds). `null` ends a value from its date on: the area then falls back to its parent area's value.
 */
export type ParamValue = number | readonly string[];

export type ParamKind = 'number' | 'list';

/** One dated value of a parameter in one area. */
export interface ParamEntry {
  area: string;
  effectiveFrom: PlainDate;
  value: ParamValue | null;
  citation: string;
  note?: string;
  /** A labelled demo default (示例值, POLICY.md §11), never presented as law. */
  illustrative?: boolean;
  source: 'file' | 'override';
  /** Who entered a database override. */
  author?: string;
  /** File and line of a value read from YAML. */
  origin?: { file: string; line: number };
}

export interface ParamDefinition {
  name: string;
  description: BilingualMessage;
  unit: string;
  kind: ParamKind;
  file?: string;
  /** Numbers: the inclusive range a value may take (from the file's `bounds`). */
  bounds?: { min: number; max: number };
  /** Numbers: whole numbers only, or at most this many decimals (from the unit). */
  integer?: boolean;
  decimals?: number;
  /** Lists: the codes a value may hold. */
  allowed?: readonly string[];
}

/** A dated override an administrator entered in the database (audited by the caller). */
export interface ParamOverride {
  name: string;
  /** City (6 digits, e.g. 211200) or county code. */
  area: string;
  effectiveFrom: string;
  value: ParamValue | string | null;
  citation: string;
  author: string;
}

export interface LookupResult {
  name: string;
  value: ParamValue;
  unit: string;
  effectiveFrom: PlainDate;
  citation: string;
  /** The area whose value applied (the county itself or the city default). */
  area: string;
  source: 'file' | 'override';
  note?: string;
  illustrative?: boolean;
  author?: string;
}

export interface County {
  code: string;
  name: BilingualMessage;
}

export interface Jurisdiction {
  name: BilingualMessage;
  /** City code (6 digits): the area of values without an explicit area. */
  city: string;
  counties: readonly County[];
}
