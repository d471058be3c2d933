/**
 * 设备加密 What the device keeps is sealed with AES-256-GCM under a key generated on the device for one user, **not
 * extractable** (WebCrypto: the page can use it, not read it), kept in IndexedDB beside the data (ADR 0051). Each value
 * has its own random 96-bit nonce; the associated data binds it to its place (user, store, key), so a sealed value
 * moved to another record does not open.
 */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export function generateDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const encoder = new TextEncoder();

export async function seal(key: CryptoKey, plain: ArrayBuffer | Uint8Array<ArrayBuffer>, place: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(place) }, key, plain);
  return { iv, data };
}

export function open(key: CryptoKey, sealed: Sealed, place: string): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(place) }, key, sealed.data);
}

export async function sealJson(key: CryptoKey, value: unknown, place: string): Promise<Sealed> {
  return seal(key, encoder.encode(JSON.stringify(value)), place);
}

export async function openJson<T>(key: CryptoKey, sealed: Sealed, place: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await open(key, sealed, place))) as T;
}
