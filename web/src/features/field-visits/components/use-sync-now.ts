import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { syncAll, type SyncSummary } from '../api/field-visits-api.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { notifyFieldVisitsChanged } from '../store/use-device-store.ts';

/** Runs a sync and says what came of it. */
export function useSyncNow() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (store: DeviceStore): Promise<SyncSummary> => {
    const s = await syncAll(store);
    notifyFieldVisitsChanged();
    if (s.signedOut) void message.warning(t('fieldVisits.signInToSync'));
    else void message.info(t('fieldVisits.syncDone', { ...s }));
    return s;
  };
}

