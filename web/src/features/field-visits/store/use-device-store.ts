import type { DeviceVisit } from '../model/visit-keys.ts';
import { useCallback, useEffect, useState } from 'react';
import type { VisitRecord } from '../model/visit-keys.ts';
import { DeviceStore, databaseName, idbStorage } from './device-store.ts';

/** One opened store per user for the page's lifetime. */
const opened = new Map<string, Promise<DeviceStore>>();

export function deviceStoreFor(userId: string): Promise<DeviceStore> {
  let p = opened.get(userId);
  if (!p) {
    p = idbStorage(userId).then((s) => DeviceStore.open(userId, s));
    p.catch(() => opened.delete(userId));
    opened.set(userId, p);
  }
  return p;
}

/** Whether this device holds a field-visit database of the user (without creating one). */
async function hasDatabase(userId: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((d) => d.name === databaseName(userId));
}

/** The records sign-out would lose (none when the device never held field visits for the user). */
export async function unsyncedOnDevice(userId: string): Promise<number> {
  if (!(await hasDatabase(userId))) return 0;
  const store = await deviceStoreFor(userId);
  return (await store.visits()).filter((r) => r.status !== 'synced').length;
}

/** Sign-out: the user's field visits, photos, signatures and device key are removed from the device. */
export async function clearDevice(userId: string): Promise<void> {
  if (!(await hasDatabase(userId))) return;
  const store = await deviceStoreFor(userId);
  opened.delete(userId);
  await store.destroy();
}

export const FIELD_VISITS_CHANGED = 'doudi:field-visits-changed';

export function notifyFieldVisitsChanged(): void {
  window.dispatchEvent(new Event(FIELD_VISITS_CHANGED));
}

/** The device's tasks and records for a page, reloaded whenever they change (a save, a sync, a download). */
export function useDeviceData(userId: string) {
  const [data, setData] = useState<{ store: DeviceStore; tasks: DeviceVisit[]; visits: VisitRecord[]; downloadedAt: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      const store = await deviceStoreFor(userId);
      const [tasks, visits, downloadedAt] = await Promise.all([store.tasks(), store.visits(), store.downloadedAt()]);
      setData({ store, tasks, visits, downloadedAt });
    } catch (e) {
      setError(e);
    }
  }, [userId]);
  useEffect(() => {
    void reload();
    const on = () => void reload();
    window.addEventListener(FIELD_VISITS_CHANGED, on);
    return () => window.removeEventListener(FIELD_VISITS_CHANGED, on);
  }, [reload]);
  return { data, error, reload };
}

/** navigator.onLine, following the browser's online and offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
