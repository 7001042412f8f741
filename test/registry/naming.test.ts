/** Pure parts of the registry source: names (docker CLI rules), challenges, Retry-After, Link. */
import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../src/source/registry/auth.js';
import { formatRegistryName, isLoopback, parseRegistryName } from '../../src/source/registry/naming.js';
import { parseRetryAfter, retryDelay, DEFAULT_RETRY } from '../../src/source/registry/retry.js';
import { nextLink } from '../../src/source/registry/tags.js';

describe('registry names, as the docker CLI reads them', () => {
  it.each([
    ['alpine', 'docker.io', 'registry-1.docker.io', 'library/alpine', 'latest', undefined],
    ['alpine:3.20', 'docker.io', 'registry-1.docker.io', 'library/alpine', '3.20', undefined],
    ['bitnami/redis:7', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7', undefined],
    ['docker.io/alpine', 'docker.io', 'registry-1.docker.io', 'library/alpine', 'latest', undefined],
    ['index.docker.io/library/alpine:3', 'docker.io', 'registry-1.docker.io', 'library/alpine', '3', undefined],
    ['localhost/app', 'localhost', 'localhost', 'app', 'latest', undefined],
    ['localhost:5000/team/app:1.0', 'localhost:5000', 'localhost:5000', 'team/app', '1.0', undefined],
    [
      'ghcr.io/acme/app@sha256:' + 'a'.repeat(64),
      'ghcr.io',
      'ghcr.io',
      'acme/app',
      undefined,
      'sha256:' + 'a'.repeat(64),
    ],
    [
      '127.0.0.1:5000/x:1@sha256:' + 'b'.repeat(64),
      '127.0.0.1:5000',
      '127.0.0.1:5000',
      'x',
      '1',
      'sha256:' + 'b'.repeat(64),
    ],
    ['team/app', 'docker.io', 'registry-1.docker.io', 'team/app', 'latest', undefined],
  ])('%s', (text, host, apiHost, repository, tag, digest) => {
    expect(parseRegistryName(text)).toEqual({ host, apiHost, repository, tag, digest });
  });

  it('prints Docker Hub names short, others in full', () => {
    expect(formatRegistryName(parseRegistryName('alpine'))).toBe('alpine:latest');
    expect(formatRegistryName(parseRegistryName('bitnami/redis:7'))).toBe('bitnami/redis:7');
    expect(formatRegistryName(parseRegistryName('localhost:5000/app:1'), { withReference: false })).toBe(
      'localhost:5000/app',
    );
  });

  it('knows loopback hosts', () => {
    expect(
      ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000', 'reg.localhost'].map(isLoopback),
    ).toEqual([true, true, true, true, true, true]);
    expect(['ghcr.io', '10.0.0.1:5000', 'localhost.example.com', '192.0.2.2:5000'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('WWW-Authenticate challenges', () => {
  it('reads the bearer challenge of Docker Hub', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull',
        },
      },
    ]);
  });

  it('reads several challenges, quoted escapes and unquoted values', () => {
    expect(parseChallenges('Basic realm="a \\"b\\", c", Bearer realm=https://x/token , error="invalid_token"')).toEqual(
      [
        { scheme: 'basic', params: { realm: 'a "b", c' } },
        { scheme: 'bearer', params: { realm: 'https://x/token', error: 'invalid_token' } },
      ],
    );
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(retryDelay(1, '2', DEFAULT_RETRY, now)).toBe(2000);
  });

  it('backs off exponentially within a bound', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 500 };
    expect(retryDelay(1, undefined, policy)).toBeGreaterThanOrEqual(80);
    expect(retryDelay(1, undefined, policy)).toBeLessThanOrEqual(120);
    expect(retryDelay(3, undefined, policy)).toBeGreaterThanOrEqual(320);
    expect(retryDelay(10, undefined, policy)).toBeLessThanOrEqual(600);
  });
});

describe('Link headers', () => {
  it('finds rel="next" relative to the page', () => {
    const base = new URL('http://r:5000/v2/a/tags/list?n=2');
    expect(nextLink('</v2/a/tags/list?last=b&n=2>; rel="next"', base)?.href).toBe(
      'http://r:5000/v2/a/tags/list?last=b&n=2',
    );
    expect(nextLink(undefined, base)).toBeUndefined();
    expect(nextLink('<https://x/y>; rel="prev"', base)).toBeUndefined();
  });
});
