import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DocumentRepo } from '../../db/document-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import type { Database, IssuedDocumentTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { formatDocumentNumber, type NumberedKind, numberPrefix } from '../../kernel/document-number.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type Actor, actorName } from '../context.ts';
import { json } from './json-text.ts';

/** What a stop, suspension or change notice states, frozen when the change is decided (the notice prints it as it was). */
export interface NoticeContent {
  /** The command's action (suspend, stop, termination, review_reduce …). */
  action: string;
  program: 'dibao' | 'tekun';
  /** The month the change takes effect. */
  month: string;
  /** The month the benefit ends (a stop, or a gradual exit's last month + 1). */
  endMonth: string | null;
  /** Months of gradual exit (渐退) before the end, if any. */
  gradualMonths: number;
  reasons: string[];
  beforeFen: number;
  afterFen: number;
  statusBefore: string;
}

/**
 * 发文 Gives a document its number from the county's register and records it, in the caller's transaction (the event
 * that issues the document): the step of a case, the change of an enrollment. Rolled back with it, the number goes
 * back too (ADR 0030).
 */
export async function issueDocument(
  trx: Transaction<Database>,
  actor: Actor,
  o: {
    countyCode: string;
    kind: NumberedKind;
    today: PlainDate;
    at: string;
    issuer: 'county' | 'township';
    caseId?: string;
    enrollmentId?: string;
    content?: NoticeContent;
  },
): Promise<IssuedDocumentTable> {
  const repo = new DocumentRepo(trx, scopeOf(actor.areaCode));
  const countyDivision = `${o.countyCode}000000`;
  const name = (await divisionNames(trx, [countyDivision])).get(countyDivision) ?? o.countyCode;
  const year = Number(o.today.slice(0, 4));
  const seq = await repo.nextNumber(o.countyCode, o.kind, year);
  const row: IssuedDocumentTable = {
    county_code: o.countyCode,
    id: randomUUID(),
    kind: o.kind,
    year,
    seq,
    number: formatDocumentNumber(numberPrefix(name, o.kind), year, seq),
    case_id: o.caseId ?? null,
    enrollment_id: o.enrollmentId ?? null,
    issuer_level: o.issuer,
    issued_on: o.today,
    issued_at: o.at,
    issued_by_id: actor.userId,
    issued_by_name: actorName(actor),
    content: o.content ? json(o.content) : null,
  };
  await repo.insert(row);
  return row;
}
