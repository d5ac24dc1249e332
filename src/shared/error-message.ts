/** The message of anything thrown, for a person to read: never a stack, never "[object Object]" for an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
