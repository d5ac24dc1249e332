import type { ApiErrorBody, ApiErrorCode } from '../../../shared/api';

/** An engine or transport failure, carrying the message the user should read. */
export class ClientError extends Error {
  constructor(
    readonly code: ApiErrorCode | 'transport',
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }

  static fromBody(body: ApiErrorBody): ClientError {
    return new ClientError(body.code, body.message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
