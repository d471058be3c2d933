import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** Review of suggested matches to the poverty registry (issue 12 point 2). */
const en: MessageShape<typeof zhCN> = {
  povertyMatch: {
    navGroup: 'Poverty alleviation',
    nav: 'Match review',
    title: 'Match review',
    subtitle:
      'Persons of the poverty office’s list whose ID number found no one here: the system suggests a match by name, birth date, village and sex. Check each and confirm or reject it; the decision holds for later lists.',
    empty: 'No suggested matches waiting for review',
    col: { confidence: 'Confidence', snapshot: 'Person in the poverty list', registry: 'Person in this system', reasons: 'Reasons', actions: 'Actions' },
    noValidId: 'No valid ID number',
    idForm15: 'old 15-digit number',
    birthUnknown: 'Birth date unknown',
    household: 'Head {{head}}',
    hhNo: 'Household no. {{no}}',
    attribute: { general: 'Ordinary poor household', dibao: 'Dibao poor household', tekun: 'Tekun poor household' },
    status: { poor: 'Not yet out of poverty', out: 'Out of poverty' },
    sex: { M: 'Male', F: 'Female' },
    reason: {
      name_exact: 'Same name',
      name_homophone: 'Name sounds the same',
      name_transposed: 'Name characters swapped',
      name_typo: 'Name mistyped',
      name_different: 'Different name',
      birth_equal: 'Same birth date',
      birth_near: 'Birth date close',
      birth_unknown: 'Birth date unknown',
      birth_differs: 'Different birth date',
      village_same: 'Same village',
      township_same: 'Same township, other village',
      county_moved: 'Same county, other township (moved?)',
      place_differs: 'Different place',
      sex_equal: 'Same sex',
      sex_unknown: 'Sex unknown',
      sex_differs: 'Different sex',
    },
    points: '{{points}} pts',
    confirm: 'Same person',
    reject: 'Not the same person',
    confirmAsk: 'Confirm that “{{a}}” of the poverty list is “{{b}}” here? Later lists will be matched the same way.',
    rejectAsk: '“{{a}}” and “{{b}}” will not be suggested as a match again.',
    confirmed: 'Match confirmed',
    rejected: 'Suggestion rejected',
  },
};
export default en;
