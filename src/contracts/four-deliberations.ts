/**
 * 四议两公开 DTOs (issue 12 point 6, ADR 0036), shared by the API and the web app: the four deliberation stages of a
 * case and the two disclosures. Shapes and sizes only: the order of the stages, the quorum and the votes are checked by
 * the workflow (src/workflow/four-deliberations.ts) so every caller meets the same coded refusal.
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { SHARE_RULES } from '../kernel/share.ts';

export const DELIBERATION_STAGE_VALUES = ['proposal', 'consultation', 'party_meeting', 'resolution'] as const;
export const RESOLUTION_MEETING_VALUES = ['representatives', 'villagers', 'household_delegates'] as const;
export const DISCLOSURE_KIND_VALUES = ['resolution', 'result'] as const;
/** The meetings whose rules differ: one per stage, the resolution's by its kind. */
export const MEETING_KEYS = ['proposal', 'consultation', 'partyMeeting', 'representatives', 'villagers', 'householdDelegates'] as const;

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const Count = z.number().int().min(0).max(100_000);

export const CaseDeliberationStageInput = z.object({
  stage: z.enum(DELIBERATION_STAGE_VALUES),
  /** The resolution only: which meeting resolved (村民代表会议 / 村民会议 / 户代表会议). */
  meeting: z.enum(RESOLUTION_MEETING_VALUES).nullable().default(null),
  heldOn: DateText,
  /** 实到 and 应到: those present and those entitled to attend (members, representatives, adult villagers or households). */
  present: Count,
  entitled: Count.min(1),
  /** Votes in favour (党员大会, 决议 only). */
  inFavour: Count.nullable().default(null),
  outcome: z.enum(['agreed', 'not_agreed']),
  note: z.string().trim().max(500).default(''),
});
export type CaseDeliberationStageInput = z.infer<typeof CaseDeliberationStageInput>;

export const CaseDisclosureInput = z.object({
  kind: z.enum(DISCLOSURE_KIND_VALUES),
  postedOn: DateText,
  /** Where it was posted (村务公开栏…). */
  place: z.string().trim().min(1).max(200),
  note: z.string().trim().max(500).default(''),
});
export type CaseDisclosureInput = z.infer<typeof CaseDisclosureInput>;

const ShareRule = z.enum(SHARE_RULES);
const Basis = z.enum(['present', 'entitled']);

export const MeetingRulesView = z.object({
  quorum: z.object({ rule: ShareRule, citation: z.string() }),
  pass: z.object({ rule: ShareRule, of: Basis, citation: z.string() }).nullable(),
});
export type MeetingRulesView = z.infer<typeof MeetingRulesView>;

export const FourDeliberationsView = z.object({
  /** A case from the screening campaign: township review waits for the four stages and 决议公开. */
  required: z.boolean(),
  /** The latest record of each stage, in the stages' order. */
  stages: z.array(
    z.object({
      id: z.string(),
      stage: z.enum(DELIBERATION_STAGE_VALUES),
      meeting: z.enum(RESOLUTION_MEETING_VALUES).nullable(),
      heldOn: z.string(),
      present: z.number().int(),
      entitled: z.number().int(),
      inFavour: z.number().int().nullable(),
      outcome: z.enum(['agreed', 'not_agreed']),
      quorumRule: ShareRule,
      passRule: z.object({ rule: ShareRule, of: Basis }).nullable(),
      note: z.string(),
      recordedByName: z.string(),
      /** Earlier records of the same stage (corrected since). */
      earlier: z.number().int(),
    }),
  ),
  disclosures: z.array(z.object({ id: z.string(), kind: z.enum(DISCLOSURE_KIND_VALUES), postedOn: z.string(), place: z.string(), note: z.string(), recordedByName: z.string() })),
  /** The rules in force today for the case's county, for the form to show the quorum while typing. */
  rules: z.record(z.enum(MEETING_KEYS), MeetingRulesView),
  /** What township review still waits for (screening cases), or null. */
  missing: z.object({ code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }).nullable(),
  /** Whether the stages and the resolution's disclosure may be recorded now (the case accepted and not decided), and the result's (decided). */
  canRecordStages: z.boolean(),
  canRecordResult: z.boolean(),
});
export type FourDeliberationsView = z.infer<typeof FourDeliberationsView>;
