/**
 * Errors raised by the builders. Every message names the construct (its path or name), the field and the fix.
 */

/** Props that cannot produce a valid object (wrong type, impossible combination). */
export class PropsError extends Error {
  constructor(where: string, message: string) {
    super(`[${where}] ${message}`);
    this.name = 'PropsError';
  }
}
