import { openDB } from 'idb';
import { targetKey, targetOf, titleOf, upgradeRecord, type VisitRecord, type VisitTarget, type DeviceVisit } from '../model/visit-keys.ts';
import { generateDeviceKey, openJson, open as openSealed, type Sealed, seal, sealJson } from './device-crypto.ts';

/**
 * 设备存储 The field visits kept on the device (ADR 0051), every kind in the same stores (keyed by kind, county and id):
 * the assigned visits downloaded while online, the visits
 * recorded offline and their photos and signatures — every value sealed (device-crypto.ts) under the user's device key,
 * which is kept in the same database and never leaves WebCrypto. One database per user on the device
 * (`doudi-field-<user id>`), deleted whole at sign-out.
 */
export type StoreName = 'meta' | 'tasks' | 'visits' | 'files';
const STORES: readonly StoreName[] = ['meta', 'tasks', 'visits', 'files'];

/** Where the sealed values live: IndexedDB on the device, a map in the unit tests. */
export interface DeviceStorage {
  get(store: StoreName, key: string): Promise<unknown>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  keys(store: StoreName): Promise<string[]>;
  /** Removes everything (the database itself on the device). */
  destroy(): Promise<void>;
}

export const databaseName = (userId: string) => `doudi-field-${userId}`;

/** The device's IndexedDB database of one user (idb). */
export async function idbStorage(userId: string): Promise<DeviceStorage> {
  const name = databaseName(userId);
  const db = await openDB(name, 1, {
    upgrade(d) {
      for (const s of STORES) if (!d.objectStoreNames.contains(s)) d.createObjectStore(s);
    },
  });
  return {
    get: (s, k) => db.get(s, k),
    put: async (s, k, v) => {
      await db.put(s, v, k);
    },
    delete: (s, k) => db.delete(s, k),
    keys: async (s) => (await db.getAllKeys(s)).map(String),
    destroy: async () => {
      db.close();
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
        req.onblocked = () => resolve();
      });
    },
  };
}

interface SealedFile {
  mediaType: string;
  sealed: Sealed;
}


export class DeviceStore {
  private readonly storage: DeviceStorage;
  private readonly key: CryptoKey;
  private readonly userId: string;

  private constructor(storage: DeviceStorage, key: CryptoKey, userId: string) {
    this.storage = storage;
    this.key = key;
    this.userId = userId;
  }

  /** Opens the user's store, generating the device key the first time (non-extractable, kept in the store). */
  static async open(userId: string, storage: DeviceStorage): Promise<DeviceStore> {
    let key = (await storage.get('meta', 'key')) as CryptoKey | undefined;
    if (!key) {
      key = await generateDeviceKey();
      await storage.put('meta', 'key', key);
    }
    return new DeviceStore(storage, key, userId);
  }

  private place(store: StoreName, key: string): string {
    return `${this.userId}|${store}|${key}`;
  }

  /** Replaces the downloaded tasks with a new download (records already made are kept whatever the list says). */
  async saveTasks(tasks: readonly DeviceVisit[], downloadedAt: string): Promise<void> {
    const keep = new Set(tasks.map((t) => targetKey(targetOf(t))));
    for (const k of await this.storage.keys('tasks')) if (!keep.has(k)) await this.storage.delete('tasks', k);
    for (const t of tasks) {
      const k = targetKey(targetOf(t));
      await this.storage.put('tasks', k, await sealJson(this.key, t, this.place('tasks', k)));
    }
    await this.storage.put('meta', 'downloadedAt', downloadedAt);
  }

  async downloadedAt(): Promise<string | null> {
    return ((await this.storage.get('meta', 'downloadedAt')) as string | undefined) ?? null;
  }

  /** Every kind of task, soonest due first. */
  async tasks(): Promise<DeviceVisit[]> {
    const out: DeviceVisit[] = [];
    for (const k of await this.storage.keys('tasks')) {
      const sealed = (await this.storage.get('tasks', k)) as Sealed | undefined;
      // A key of an earlier version of the app (no kind in it) is dropped at the next download; it opens as before.
      if (sealed) out.push(await openJson<DeviceVisit>(this.key, sealed, this.place('tasks', k)));
    }
    return out.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || titleOf(a).localeCompare(titleOf(b)) || targetKey(targetOf(a)).localeCompare(targetKey(targetOf(b))));
  }

  async task(t: VisitTarget): Promise<DeviceVisit | null> {
    const k = targetKey(t);
    const sealed = (await this.storage.get('tasks', k)) as Sealed | undefined;
    return sealed ? openJson<DeviceVisit>(this.key, sealed, this.place('tasks', k)) : null;
  }

  async putVisit(r: VisitRecord): Promise<void> {
    await this.storage.put('visits', r.visitId, await sealJson(this.key, r, this.place('visits', r.visitId)));
  }

  async visit(visitId: string): Promise<VisitRecord | null> {
    const sealed = (await this.storage.get('visits', visitId)) as Sealed | undefined;
    return sealed ? upgradeRecord(await openJson<unknown>(this.key, sealed, this.place('visits', visitId))) : null;
  }

  async visits(): Promise<VisitRecord[]> {
    const out: VisitRecord[] = [];
    for (const k of await this.storage.keys('visits')) {
      const r = await this.visit(k);
      if (r) out.push(r);
    }
    return out.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  }

  /** Discards a record and its photos and signatures (the user chose to, after seeing it). */
  async deleteVisit(visitId: string): Promise<void> {
    const r = await this.visit(visitId);
    for (const f of r?.files ?? []) await this.storage.delete('files', f.id);
    await this.storage.delete('visits', visitId);
  }

  async putFile(id: string, blob: Blob): Promise<void> {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const value: SealedFile = { mediaType: blob.type, sealed: await seal(this.key, bytes, this.place('files', id)) };
    await this.storage.put('files', id, value);
  }

  async file(id: string): Promise<Blob | null> {
    const value = (await this.storage.get('files', id)) as SealedFile | undefined;
    if (!value) return null;
    return new Blob([await openSealed(this.key, value.sealed, this.place('files', id))], { type: value.mediaType });
  }

  /** Everything of this user on the device, key included (sign-out). */
  async destroy(): Promise<void> {
    await this.storage.destroy();
  }
}
