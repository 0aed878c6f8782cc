/** A pattern matching exactly `message`, for `toThrow`: the whole message, not a substring of it. */
export function exactly(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
