import { FolderOpenOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../../lib/auth.tsx';
import { archivePagePath } from '../api/archive.ts';
import { OwnerFilesCard } from './owner-files-card.tsx';

/**
 * 家庭材料 The household page's files section (ADR 0050), composed into the registry's page by the router: the link to
 * the household's electronic case file, and the household's own papers, uploaded by whoever may change the household.
 */
export default function HouseholdFiles({ county, id }: { county: string; id: string }) {
  const { t } = useTranslation();
  const canUpload = useCan('registry.write');
  const canReadCases = useCan('cases.read');
  return (
    <>
      {canReadCases && (
        <Card size="small" className="section-card">
          <Link to={archivePagePath(county, id)} data-testid="household-archive-link">
            <FolderOpenOutlined /> {t('cases.archive.title')}
          </Link>
        </Card>
      )}
      <OwnerFilesCard kind="household" path={`/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}/files`} canUpload={canUpload} title={t('cases.files.householdTitle')} />
    </>
  );
}
