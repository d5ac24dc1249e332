import type { BridgeResult } from '../../../shared/bridge';
import { ClientError } from './ClientError';

/** Unwraps the { ok, value | error } envelope both transports answer with. */
export function unwrapBridgeResult(result: unknown): unknown {
  if (!isBridgeResult(result)) throw new ClientError('transport', 'The engine sent an answer Facet cannot read.');
  if (result.ok) return result.value;
  throw ClientError.fromBody(result.error);
}

function isBridgeResult(value: unknown): value is BridgeResult {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return 'error' in value && typeof value.error === 'object' && value.error !== null;
}
