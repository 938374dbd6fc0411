/** Wording shared by the app, the worker and the CLI, so a count, a size or an error reads the same everywhere. */

/** "1 photo", "14 photos", "1 celebrity", "6 celebrities". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * "340 kB", "12.7 MB", "200 MB", "1.0 GB" (binary units, as file managers mostly show them): one
 * decimal where it tells something (a download's progress), none from 100 MB up.
 */
export function bytesText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 100 * 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

/** The message of anything thrown, without the "Error: " that an error re-thrown as text carries. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Error: /, '');
}
