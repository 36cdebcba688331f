import { describe, expect, it } from 'vitest';
import {
  cookieValue,
  hostAllowed,
  isAuthorized,
  isLoopback,
  newToken,
  presentedToken,
  tokenCookie,
  tokensEqual,
} from '../../../src-main/serve/auth';

const token = 'a'.repeat(64);

describe('the serve token', () => {
  it('is 32 random bytes written as 64 hex digits, new each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only itself, whatever the length of the guess', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token, 'a'.repeat(63) + 'b')).toBe(false);
    expect(tokensEqual(token, 'a'.repeat(63))).toBe(false);
    expect(tokensEqual(token, 'a'.repeat(65))).toBe(false);
    expect(tokensEqual(token, '')).toBe(false);
    expect(tokensEqual(token, undefined)).toBe(false);
  });

  it('is accepted from an Authorization: Bearer header or the encore_token cookie', () => {
    expect(presentedToken({ authorization: `Bearer ${token}` })).toBe(token);
    expect(presentedToken({ cookie: `theme=dark; encore_token=${token}; x=1` })).toBe(token);
    expect(isAuthorized({ cookie: `encore_token=${token}` }, token)).toBe(true);
    expect(isAuthorized({ authorization: `Basic ${token}` }, token)).toBe(false);
    expect(isAuthorized({ cookie: `other_token=${token}` }, token)).toBe(false);
    expect(isAuthorized({}, token)).toBe(false);
  });

  it('prefers the header to a stale cookie', () => {
    expect(presentedToken({ authorization: `Bearer ${token}`, cookie: 'encore_token=old' })).toBe(
      token,
    );
  });

  it('is set as an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie(token)).toBe(`encore_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
  });
});

describe('cookieValue', () => {
  it('finds a cookie by its exact name only', () => {
    expect(cookieValue('a=1; ab=2; b=3', 'b')).toBe('3');
    expect(cookieValue('xencore_token=1', 'encore_token')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });
});

describe('the Host-header guard against DNS rebinding', () => {
  it('accepts 127.0.0.1:PORT, localhost:PORT and [::1]:PORT only', () => {
    expect(hostAllowed('127.0.0.1:5000', 5000)).toBe(true);
    expect(hostAllowed('localhost:5000', 5000)).toBe(true);
    expect(hostAllowed('[::1]:5000', 5000)).toBe(true);
    expect(hostAllowed('127.0.0.1:5001', 5000)).toBe(false);
    expect(hostAllowed('evil.example:5000', 5000)).toBe(false);
    expect(hostAllowed('127.0.0.1', 5000)).toBe(false);
    expect(hostAllowed(undefined, 5000)).toBe(false);
  });

  it('is on for loopback addresses only', () => {
    expect(['127.0.0.1', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.20')).toBe(false);
  });
});
