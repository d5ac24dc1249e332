import { ApiError, parseApiCall, type ApiMethod, type FacetApi } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import { damageMessage, isCorruptionError } from '../catalog/catalog-errors';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

/**
 * The one entry every transport (IPC, HTTP, CLI) uses: validate the untrusted call against the
 * contract, run it, and turn any failure into an error body that names the problem. Internal
 * errors are reported without stack traces; the transport decides where to log them.
 */
export async function dispatchApiCall(
  api: FacetApi,
  method: string,
  rawInput: unknown,
  logInternal: (error: unknown) => void = (error) => log.error(`${method} failed`, error),
): Promise<BridgeResult> {
  try {
    const call = parseApiCall<ApiMethod>(method, rawInput);
    const handler = api[call.method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(call.input) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toBody() };
    logInternal(error);
    const detail = errorMessage(error);
    // A page that went bad after the check on open: say what to do about it, not just SQLite's words.
    const message = isCorruptionError(error) ? damageMessage(detail) : detail;
    return { ok: false, error: { code: 'internal', message } };
  }
}
