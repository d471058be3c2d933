import { useTranslation } from 'react-i18next';
import {
  ASSET_KINDS,
  DISABILITY_KINDS,
  HUKOU_TYPES,
  INCOME_KINDS,
  LABOR_CAPACITIES,
  RELATIONS,
  SELF_CARE_ITEMS,
  SUPPORTER_STATUSES,
} from '#contracts/registry.ts';

/** Select options for the registry's closed lists, labelled in the current language. */
export function useRegistryOptions() {
  const { t } = useTranslation();
  const opts = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  return {
    relations: opts(RELATIONS, 'registry.relation'),
    disabilities: opts(DISABILITY_KINDS, 'registry.disability'),
    grades: [1, 2, 3, 4].map((value) => ({ value, label: t(`registry.grade.${value}`) })),
    labor: opts(LABOR_CAPACITIES, 'registry.labor'),
    supporters: opts(SUPPORTER_STATUSES, 'registry.supporter'),
    selfCare: opts(SELF_CARE_ITEMS, 'registry.selfCare'),
    incomes: opts(INCOME_KINDS, 'registry.income'),
    assets: opts(ASSET_KINDS, 'registry.asset'),
    hukou: opts(HUKOU_TYPES, 'registry.hukou'),
  };
}
