import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportKind } from '#contracts/exports.ts';
import type { Permission } from '#contracts/roles.ts';
import { apiDownload, isApiRequestError } from '../lib/api-client.ts';
import { useCan } from '../lib/auth.tsx';
import { useBilingual } from '../lib/i18n.ts';

/**
 * 导出 Excel on a list page (issue 11 point 8): every row matching the page's current filters as a workbook
 * (`GET /api/exports/<kind>.xlsx`), not just the page shown. Shown to the roles that may export lists; a refusal
 * (more rows than one export may hold, out of area) is said in a message. `path`: a list exported through the same
 * mechanism by a later command folder (the campaign ledger, `GET /api/campaigns/:id/ledger.xlsx`, ADR 0048).
 */
export function ExportButton({
  kind,
  filters,
  testId,
  url,
  path,
  permission = 'registry.export',
}: {
  /** The list (`/api/exports/<kind>.xlsx`), unless `url` or `path` says where the workbook comes from. */
  kind?: ExportKind | 'outreach';
  filters: Record<string, string | number | undefined | null>;
  testId?: string;
  /** Where the workbook comes from, when not `/api/exports/<kind>.xlsx` (the outreach list's own route, ADR 0047). */
  url?: string;
  /** The same, as the campaign ledger names it (`/api/campaigns/:id/ledger.xlsx`, ADR 0048). */
  path?: string;
  /** What exporting needs besides the list's own permission (the auditor's trail: `audit.persons`). */
  permission?: Permission;
}) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const allowed = useCan(permission);
  const [busy, setBusy] = useState(false);
  if (!allowed) return null;
  const run = async () => {
    setBusy(true);
    try {
      const { name, headers } = await apiDownload(url ?? path ?? `/api/exports/${kind}.xlsx`, filters);
      message.success(t('exportList.done', { name, count: Number(headers.get('x-export-rows') ?? 0) }));
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={t('exportList.hint')}>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid={testId ?? `export-${kind ?? 'list'}`}>
        {t('exportList.button')}
      </Button>
    </Tooltip>
  );
}
