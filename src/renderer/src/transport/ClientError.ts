import type { ApiErrorBody, ApiErrorCode } from '../../../shared/api';

/**
 * An engine or transport failure, carrying the message the user should read. 'disconnected': the
 * web mode's server did not answer or no longer takes this page's secret (the banner says more).
 */
export class ClientError extends Error {
  constructor(
    readonly code: ApiErrorCode | 'transport' | 'disconnected',
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }

  static fromBody(body: ApiErrorBody): ClientError {
    return new ClientError(body.code, body.message);
  }
}

export { errorMessage } from '../../../shared/error-message';
