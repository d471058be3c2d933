import { type KeyRing, lookupHash, mask, seal, unseal, unsealNullable } from '../kernel/sealing.ts';

/**
 * 个人敏感信息 The sealed columns of the registry and the rolls (ADR 0012), in one place: how an ID number, a bank account
 * and a phone number are written (sealed, with a keyed hash where a lookup or comparison needs one), read back, and
 * shown (masked unless the user deliberately reveals them).
 */

/** The normal form of a bank account for its hash: digits and letters only, upper case (spaces and dashes are layout). */
export function accountKey(account: string): string {
  return account.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

export function idHashOf(keys: KeyRing, id18: string): string {
  return lookupHash(keys, 'id_number', id18.toUpperCase());
}

export function sealIdNumber(keys: KeyRing, id18: string): { id_number_sealed: string; id_hash: string } {
  return { id_number_sealed: seal(keys, 'id_number', id18), id_hash: idHashOf(keys, id18) };
}

export function openIdNumber(keys: KeyRing, row: { id_number_sealed: string }): string {
  return unseal(keys, 'id_number', row.id_number_sealed);
}

export function accountHashOf(keys: KeyRing, account: string): string {
  return lookupHash(keys, 'bank_account', accountKey(account));
}

export function sealAccount(keys: KeyRing, account: string | null | undefined): { bank_account_sealed: string | null; bank_account_hash: string | null } {
  if (account == null || account === '') return { bank_account_sealed: null, bank_account_hash: null };
  return { bank_account_sealed: seal(keys, 'bank_account', account), bank_account_hash: accountHashOf(keys, account) };
}

export function openAccount(keys: KeyRing, row: { bank_account_sealed: string | null }): string | null {
  return unsealNullable(keys, 'bank_account', row.bank_account_sealed);
}

export function sealPhone(keys: KeyRing, phone: string | null | undefined): string | null {
  return phone == null || phone === '' ? null : seal(keys, 'phone', phone);
}

export function openPhone(keys: KeyRing, row: { phone_sealed: string | null }): string | null {
  return unsealNullable(keys, 'phone', row.phone_sealed);
}

/** What screens show by default (ADR 0012): 211221********0017, ****5678, 139****5678. */
export const maskAccount = (account: string | null): string | null => mask('bank_account', account);
export const maskPhone = (phone: string | null): string | null => mask('phone', phone);
