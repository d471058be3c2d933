import { useEffect } from 'react';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { unsyncedOnDevice, deviceStoreFor } from '../store/use-device-store.ts';
import { useSyncNow } from './use-sync-now.ts';

/**
 * 自动同步 When the network returns (the browser's `online` event) — and once when the app starts online — the
 * visits waiting on this device are synced, whatever page is open (ADR 0051). Mounted once by the app's layout.
 */
export function FieldVisitAutoSync() {
  const user = useUser();
  const can = useCan('cases.investigate');
  const syncNow = useSyncNow();
  // syncNow is a fresh function each render; the listener needs only the user.
  useEffect(() => {
    if (!can) return;
    let stopped = false;
    const run = async () => {
      if (!navigator.onLine || (await unsyncedOnDevice(user.id)) === 0 || stopped) return;
      const store = await deviceStoreFor(user.id);
      if ((await store.visits()).some((r) => r.status === 'pending')) await syncNow(store);
    };
    const online = () => void run().catch(() => undefined);
    window.addEventListener('online', online);
    online();
    return () => {
      stopped = true;
      window.removeEventListener('online', online);
    };
  }, [can, user.id]);
  return null;
}
