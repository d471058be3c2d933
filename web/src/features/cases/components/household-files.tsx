import { useTranslation } from 'react-i18next';
import { useCan } from '../../../lib/auth.tsx';
import { OwnerFilesCard } from './files-card.tsx';

/**
 * 家庭材料 The household page's files section (ADR 0050), composed into the registry's page by the router: the
 * household's own papers, uploaded by whoever may change the household.
 */
export default function HouseholdFiles({ county, id }: { county: string; id: string }) {
  const { t } = useTranslation();
  const canUpload = useCan('registry.write');
  return <OwnerFilesCard kind="household" path={`/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}/files`} canUpload={canUpload} title={t('cases.files.householdTitle')} />;
}
