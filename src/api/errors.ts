import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../kernel/errors.ts';
import { textProblemMessage, textProblemOfCode } from '../kernel/text.ts';
import { isStorageFull, storageFull } from '../kernel/storage-full.ts';
import { HEATING_MESSAGES } from '../contracts/registry.ts';

/** Messages for field-level format codes set in the contracts (`{ message: 'AMOUNT_FORMAT' }`). */
const FORMAT_MESSAGES: Record<string, { zh: string; en: string }> = {
  AMOUNT_FORMAT: { zh: '金额须为不小于 0 的数字，最多两位小数', en: 'An amount must be a number ≥ 0 with at most two decimals' },
  DIVISION_CODE_FORMAT: { zh: '区划代码须为 12 位数字', en: 'A division code has 12 digits' },
  BANK_ACCOUNT_FORMAT: { zh: '银行账号须为 8–30 位数字', en: 'A bank account number has 8–30 digits' },
  PHONE_FORMAT: { zh: '电话号码格式不正确', en: 'Malformed phone number' },
  ...HEATING_MESSAGES,
};

type ZodIssueFields = { code?: string; message?: string; path?: (string | number)[]; expected?: string; values?: unknown[]; minimum?: number; maximum?: number };

interface Issue {
  code?: string;
  keyword?: string;
  message?: string;
  path?: (string | number)[];
  instancePath?: string;
  params?: ZodIssueFields & { issue?: ZodIssueFields };
}

/** fastify-type-provider-zod 7 flattens each zod issue: its code becomes `keyword`, the other fields `params`. */
function zodIssueOf(first: Issue | undefined): ZodIssueFields | undefined {
  if (!first) return undefined;
  if (first.params?.issue) return first.params.issue;
  return { ...first.params, code: first.keyword, message: first.message };
}

function issueMessage(issue: NonNullable<Issue['params']>['issue'] | undefined): { code: string; zh: string; en: string } {
  const msg = issue?.message ?? '';
  if (FORMAT_MESSAGES[msg]) return { code: msg, ...FORMAT_MESSAGES[msg] };
  switch (issue?.code) {
    case 'invalid_type':
      return issue.expected && /received undefined/.test(msg)
        ? { code: 'FIELD_REQUIRED', zh: '此项必填', en: 'This field is required' }
        : { code: 'FIELD_TYPE', zh: `类型不正确（应为 ${issue.expected ?? '?'}）`, en: `Wrong type (expected ${issue.expected ?? '?'})` };
    case 'invalid_value':
      return { code: 'FIELD_VALUE', zh: `取值不在允许范围内：${(issue.values ?? []).join('、')}`, en: `Not an allowed value: one of ${(issue.values ?? []).join(', ')}` };
    case 'too_small':
      return { code: 'FIELD_TOO_SMALL', zh: `过短或过小（最少 ${issue.minimum ?? ''}）`, en: `Too short or too small (minimum ${issue.minimum ?? ''})` };
    case 'too_big':
      return { code: 'FIELD_TOO_BIG', zh: `过长或过大（最多 ${issue.maximum ?? ''}）`, en: `Too long or too large (maximum ${issue.maximum ?? ''})` };
    case 'invalid_format':
      return { code: 'FIELD_FORMAT', zh: '格式不正确', en: 'Malformed value' };
    case 'unrecognized_keys':
      return { code: 'FIELD_UNKNOWN', zh: '含有未知字段', en: 'Unknown field' };
    default:
      return { code: 'VALIDATION', zh: '输入不正确', en: msg || 'Invalid input' };
  }
}

/** Every error leaves the API as `{ code, message: { zh, en }, field? }` with a fitting status. */
export function toApiError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError & { validation?: Issue[]; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const first = fe.validation?.[0] as Issue | undefined;
    const issue = zodIssueOf(first);
    const path = issue?.path ?? (first?.instancePath ? first.instancePath.split('/').filter(Boolean) : []);
    const field = path.join('.') || fe.validationContext;
    // Names and addresses with invisible or direction-changing characters (src/contracts/text.ts): the message names the field.
    const text = textProblemOfCode(issue?.message ?? '');
    if (text) return new AppError(issue?.message as string, textProblemMessage(text, field), { field, status: 400 });
    const m = issueMessage(issue);
    return new AppError(m.code, { zh: m.zh, en: m.en }, { field, status: 400 });
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('REQUEST_TOO_LARGE', { zh: '请求内容过大', en: 'Request body too large' }, { status: 413 });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE', { zh: '请求格式不受支持，请使用 JSON', en: 'Unsupported content type: send JSON' }, { status: 415 });
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe instanceof SyntaxError)) {
    return new AppError('JSON_MALFORMED', { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' }, { status: 400 });
  }
  if (isStorageFull(err)) return storageFull();
  const dbCode = (err as { code?: string; errcode?: number; errstr?: string }).code;
  const text = String((err as Error)?.message ?? '');
  if (dbCode === '23505' || /UNIQUE constraint failed/.test(text)) {
    return new AppError('CONFLICT_DUPLICATE', { zh: '记录重复（可能已被他人同时登记）', en: 'Duplicate record (perhaps registered by someone else at the same moment)' }, { status: 409 });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('BAD_REQUEST', { zh: '请求无效', en: fe.message || 'Bad request' }, { status: fe.statusCode });
  }
  return new AppError('INTERNAL', { zh: '服务器内部错误，请稍后再试', en: 'Internal server error; try again later' }, { status: 500 });
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const e = toApiError(err);
  if (e.status >= 500) req.log.error({ code: e.code, route: `${req.method} ${req.routeOptions.url ?? '(no route)'}`, error: loggable(err) }, e.code === 'STORAGE_FULL' ? 'storage full: the write was refused' : 'request failed');
  return reply.status(e.status).type('application/json').send(e.toJSON());
}

/**
 * The real error, for the log, without personal data: its type, message, codes and stack — not the driver's other
 * fields (PostgreSQL's `detail` quotes the failing row: names, ID numbers) nor any parameter, body or query string.
 */
function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return { message: String(err) };
  const x = err as Error & { code?: unknown; errcode?: unknown; errstr?: unknown; cause?: unknown };
  return {
    type: x.name,
    message: x.message,
    ...(x.code !== undefined ? { code: x.code } : {}),
    ...(x.errcode !== undefined ? { errcode: x.errcode, errstr: x.errstr } : {}),
    stack: x.stack,
    ...(x.cause !== undefined && x.cause !== err ? { cause: loggable(x.cause) } : {}),
  };
}
