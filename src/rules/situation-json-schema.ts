import { z } from 'zod';
import { SituationSchema } from './situation.ts';

/**
 * The situation format as JSON Schema (draft 2020-12), generated from the zod schema so the two cannot
 * drift; committed as docs/situation.schema.json (a test checks the file is current). Cross-field rules
 * (e.g. heating needs `heating`) are enforced by the zod schema and documented in docs/policy-engine.md.
 */
export function situationJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(SituationSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'https://doudi.example/schemas/situation.schema.json',
    title: 'doudi situation 救助情形',
    description:
      'One household (or person) in one county and month, as read by `doudi calc` (YAML or JSON). ' +
      'Money in yuan as a number or decimal text (4769.88 or "4769.88"), at most two decimals, no exponent; ' +
      'dates YYYY-MM-DD; months YYYY-MM.',
    ...rest,
  };
}
