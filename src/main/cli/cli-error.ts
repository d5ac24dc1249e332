/** A CLI failure the user caused (bad path, unknown id): printed without a stack, exit code 2. */
export class CliError extends Error {}
