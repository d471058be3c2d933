import type { Dec } from '../../kernel/money.ts';
import type { ParamUse, TraceStep } from './result.ts';

type DecValue = InstanceType<typeof Dec>;

/**
 * Collects the steps of a calculation when asked to; when off, `step` does nothing and callers skip
 * building values with `if (t.on)` so the untraced path stays cheap.
 */
export class Tracer {
  readonly on: boolean;
  readonly steps: TraceStep[] = [];

  constructor(on: boolean) {
    this.on = on;
  }

  step(step: string, value: DecValue | string | number | boolean, params: readonly ParamUse[] = [], formula?: string): void {
    if (!this.on) return;
    const v = typeof value === 'object' ? value.toFixed() : String(value);
    this.steps.push(formula === undefined ? { step, value: v, params } : { step, value: v, params, formula });
  }

  /** Adds precomputed (shared, frozen) steps. */
  push(steps: readonly TraceStep[]): void {
    if (this.on) for (const s of steps) this.steps.push(s);
  }

  /** Includes another determination's steps under a prefix (heating includes its dibao test). */
  include(prefix: string, steps: readonly TraceStep[]): void {
    if (!this.on) return;
    for (const s of steps) this.steps.push({ ...s, step: `${prefix}${s.step}` });
  }
}
