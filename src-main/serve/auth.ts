import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_COOKIE = 'encore_token';

/** 32 random bytes as hex: what the printed URL and the cookie carry. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison. `timingSafeEqual` needs equal lengths; the token's length is public
 * (always 64 hex digits), so answering a wrong length early reveals nothing.
 */
export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token a request presents: `Authorization: Bearer …` first, else the cookie. */
export function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return bearer?.[1] ?? cookieValue(headers.cookie, TOKEN_COOKIE);
}

export function isAuthorized(headers: IncomingHttpHeaders, token: string): boolean {
  return tokensEqual(token, presentedToken(headers));
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * DNS-rebinding guard: a page on evil.example that rebinds its name to 127.0.0.1 still sends
 * `Host: evil.example`, so on loopback only our own names are accepted.
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader ?? '');
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}
