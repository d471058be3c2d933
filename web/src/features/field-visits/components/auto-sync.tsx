import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { deviceStoreFor, notifyFieldVisitsChanged, unsyncedOnDevice } from '../store/use-device-store.ts';

/**
 * 自动同步 When the network returns (the browser's `online` event) — and once when the app starts online — the
 * visits waiting on this device are synced, whatever page is open (ADR 0051). Mounted once by the app's layout. The
 * sync itself (and the contracts' schemas it uses) is loaded only when there is something to sync: the schemas must
 * not join the app's first chunk, which runs before `zod-jitless` configures zod (web/src/lib/zod-jitless.ts).
 */
export function FieldVisitAutoSync() {
  const user = useUser();
  const can = useCan('cases.investigate');
  const { t } = useTranslation();
  const { message } = App.useApp();
  useEffect(() => {
    if (!can) return;
    let stopped = false;
    const run = async () => {
      if (!navigator.onLine || (await unsyncedOnDevice(user.id)) === 0 || stopped) return;
      const store = await deviceStoreFor(user.id);
      if (!(await store.visits()).some((r) => r.status === 'pending')) return;
      const { syncAll } = await import('../api/field-visits-api.ts');
      const s = await syncAll(store);
      notifyFieldVisitsChanged();
      if (s.signedOut) void message.warning(t('fieldVisits.signInToSync'));
      else void message.info(t('fieldVisits.syncDone', { ...s }));
    };
    const online = () => void run().catch(() => undefined);
    window.addEventListener('online', online);
    online();
    return () => {
      stopped = true;
      window.removeEventListener('online', online);
    };
  }, [can, user.id, message, t]);
  return null;
}
