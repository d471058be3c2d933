/**
 * An error a user can meet: a stable code, a message in Chinese and English, and the field it concerns.
 * Every layer throws these; the API presents them as `{ code, message: { zh, en }, field? }`.
 */
export interface BilingualMessage {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly messages: BilingualMessage;
  readonly field?: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    code: string,
    messages: BilingualMessage,
    opts: { field?: string; status?: number; details?: unknown } = {},
  ) {
    super(`${code}: ${messages.en}`);
    this.name = 'AppError';
    this.code = code;
    this.messages = messages;
    this.field = opts.field;
    this.status = opts.status ?? 400;
    this.details = opts.details;
  }

  toJSON(): { code: string; message: BilingualMessage; field?: string; details?: unknown } {
    return {
      code: this.code,
      message: this.messages,
      ...(this.field ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
