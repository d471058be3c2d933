import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, Transaction, UnknownRow } from 'kysely';
import type { KeyRing } from '../kernel/sealing.ts';
import type { Database } from './schema.ts';

/**
 * Carries a connection's key ring on its Kysely instance, and so into every transaction begun from it (plugins travel
 * with the executor): code that holds only a transaction — the audit append, a repository — reaches the keys with
 * keysOf(trx) instead of every signature growing a parameter. It leaves queries and results untouched.
 */
export class KeyRingCarrier implements KyselyPlugin {
  readonly keys: KeyRing;
  constructor(keys: KeyRing) {
    this.keys = keys;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The key ring of the database a query builder or transaction belongs to (ADR 0012). */
export function keysOf(q: Kysely<Database> | Transaction<Database>): KeyRing {
  const carrier = q.getExecutor().plugins.find((p): p is KeyRingCarrier => p instanceof KeyRingCarrier);
  if (!carrier) throw new Error('keysOf: this Kysely instance was not opened by connect() and carries no keys');
  return carrier.keys;
}
