/**
 * The gateway's logger: pino, with every field that could carry a credential redacted wherever it
 * appears in the first few levels of a log object (`x-api-key`, `apiKey`, `authorization`, `password`).
 */
import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

const SECRET_FIELDS = ['apiKey', 'api_key', 'x-api-key', 'authorization', 'Authorization', 'password', 'cookie'];

/** Redaction paths for the secret fields at depth 0 to 3 (pino's `*` matches one level). */
export const REDACT_PATHS: string[] = SECRET_FIELDS.flatMap((field) => {
  const leaf = `[${JSON.stringify(field)}]`;
  return [leaf, `*${leaf}`, `*.*${leaf}`, `*.*.*${leaf}`];
});

/** Creates the process logger. `destination` defaults to stdout; tests pass an in-memory stream. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: null,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
