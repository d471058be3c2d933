import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the division browser; typed against the Chinese ones. */
const en: MessageShape<typeof zhCN> = {
  divisions: {
    nav: 'Divisions',
    title: 'Administrative divisions',
    subtitle: 'Counties, townships and villages of your area with their codes, read only; divisions are loaded by the operator',
    searchPlaceholder: 'A division’s name, or the start of its code',
    noMatch: 'No division matches',
    none: 'No divisions below',
    limited: 'Only the first {{count}} are shown: type a more specific name or code',
    col: { name: 'Name', code: 'Code', level: 'Level', parent: 'Parent' },
    level: { province: 'Province', city: 'City', county: 'County', township: 'Township', village: 'Village' },
  },
};

export default en;
