/** What went wrong talking to a source, whether waiting can fix it, and how to say so without secrets. */

export type FailureKind = 'throttled' | 'server' | 'timeout' | 'network' | 'permanent';

/** Failures that may succeed on a later attempt. */
export function isTransient(kind: FailureKind): boolean {
  return kind !== 'permanent';
}

const throttleCodes = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'TooManyRequestsException', 'RequestLimitExceeded']);
const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout']);
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

interface ErrorFields {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function fieldsOf(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
}

export function httpStatusOf(error: unknown): number | null {
  return fieldsOf(error).$metadata?.httpStatusCode ?? null;
}

/** HEAD responses carry no error document, so their status is all there is to name them by. */
const statusCodes: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
};

/** The most specific code we have: S3 error code (SDK error name), Node error code, or the HTTP status. */
export function errorCodeOf(error: unknown): string {
  const { name, code } = fieldsOf(error);
  if (code) return code;
  if (name && name !== 'Error' && name !== 'Unknown') return name;
  const status = httpStatusOf(error);
  return (status !== null && statusCodes[status]) || (status !== null ? `HTTP${status}` : 'Unknown');
}

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof S3SourceError) return error.kind;
  const { name = '', code = '', message = '' } = fieldsOf(error);
  const status = httpStatusOf(error);
  if (status === 429 || throttleCodes.has(name) || throttleCodes.has(code)) return 'throttled';
  if (timeoutCodes.has(name) || timeoutCodes.has(code)) return 'timeout';
  if (networkCodes.has(code) || /socket hang up|^aborted$|premature close/i.test(message)) return 'network';
  if (status !== null && status >= 500) return 'server';
  return 'permanent';
}

const plainReasons: Record<FailureKind, string> = {
  throttled: 'the service is throttling requests',
  server: 'the service answered with a server error',
  timeout: 'the request timed out',
  network: 'the connection failed',
  permanent: 'the request was refused',
};

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (offline?)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable (offline?)',
  ECONNRESET: 'the connection was dropped',
  EPIPE: 'the connection was dropped',
};

/** A short phrase a user can act on, e.g. "connection refused (is the server running?)". */
export function describeFailure(error: unknown): string {
  const code = errorCodeOf(error);
  const status = httpStatusOf(error);
  const kind = classifyFailure(error);
  if (networkReasons[code]) return networkReasons[code];
  return status === null ? `${plainReasons[kind]} (${code})` : `${plainReasons[kind]} (${code}, HTTP ${status})`;
}

export class S3SourceError extends Error {
  override readonly name = 'S3SourceError';

  constructor(
    message: string,
    readonly code: string,
    readonly status: number | null,
    readonly kind: FailureKind,
  ) {
    super(message);
  }

  get transient(): boolean {
    return isTransient(this.kind);
  }
}

/** Replaces every occurrence of the given secrets; servers may echo an access key id back. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/**
 * Rebuilds an SDK or socket error as an S3SourceError whose text names the operation and target.
 * The original is deliberately not kept as `cause`: SDK errors carry raw responses that a logger
 * printing the cause chain could leak.
 */
export function toSourceError(error: unknown, context: { operation: string; target: string; attempts: number; secrets: readonly string[] }): S3SourceError {
  if (error instanceof S3SourceError) return error;
  const detail = fieldsOf(error).message ?? '';
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const text = `${context.operation} ${context.target} failed${tries}: ${describeFailure(error)}`;
  return new S3SourceError(redact(detail ? `${text} - ${detail}` : text, context.secrets), errorCodeOf(error), httpStatusOf(error), classifyFailure(error));
}
