import { describe, it, expect } from 'vitest';
import { redactSecrets, retryAfterMs } from './api-fetch.ts';

describe('api-fetch helpers', () => {
  it('masks keys and tokens in URLs and messages', () => {
    expect(redactSecrets('https://x/search?q=a&key=AIzaSecret&pageToken=p2', [])).toBe('https://x/search?q=a&key=***&pageToken=p2');
    expect(redactSecrets('https://g/v21.0/1/posts?access_token=EAAG123&after=Mg', [])).toBe('https://g/v21.0/1/posts?access_token=***&after=Mg');
    expect(redactSecrets('token EAAG123 was refused', ['EAAG123'])).toBe('token *** was refused');
    expect(redactSecrets('', ['EAAG123'])).toBe('');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2025-09-12T08:00:00Z');
    expect(retryAfterMs('Fri, 12 Sep 2025 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 12 Sep 2025 07:00:00 GMT', now)).toBe(0);
  });
});
