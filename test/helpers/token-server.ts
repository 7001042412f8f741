/**
 * A tiny token server for the registry's `auth: token` mode (the Docker Hub flow): it checks
 * Basic credentials and answers with an RS256 JWT whose x5c header carries a self-signed
 * certificate that the registry trusts through `rootcertbundle`. Anonymous requests get a
 * token with no access, so the registry refuses them as Docker Hub does for private repos.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface KeyPair {
  keyPath: string;
  certPath: string;
  key: string;
  cert: string;
}

/** A self-signed RSA certificate made with openssl, with optional subjectAltName (e.g. IP:192.0.2.2). */
export function makeCertificate(dir: string, name: string, altName?: string): KeyPair {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  const args = [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ];
  if (altName) args.push('-addext', `subjectAltName=${altName}`);
  execFileSync('openssl', args, { stdio: 'ignore' });
  return { keyPath, certPath, key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** Every token handed out, to check none leaks into output. */
  issued: string[];
  /** Requests seen: whether they carried credentials, and whether those were accepted. */
  requests: Array<{ scope: string[]; user?: string; accepted: boolean }>;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startTokenServer(keys: KeyPair, users: Record<string, string>): Promise<TokenServer> {
  const service = 'layerscope-test';
  const issuer = 'layerscope-test-issuer';
  const key = createPrivateKey(keys.key);
  const certDer = new X509Certificate(keys.cert).raw.toString('base64');
  const issued: string[] = [];
  const requests: TokenServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    const scopes = url.searchParams.getAll('scope');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [user, password] = basic ? Buffer.from(basic, 'base64').toString().split(/:(.*)/s) : [];
    const accepted = user !== undefined && users[user] === password;
    requests.push({ scope: scopes, user, accepted });
    if (user !== undefined && !accepted) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"details":"incorrect username or password"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: user ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: accepted ? scopes.map(parseScope).filter((a) => a !== undefined) : [],
    };
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const body = b64url(JSON.stringify(claims));
    const token = `${head}.${body}.${b64url(sign('sha256', Buffer.from(`${head}.${body}`), key))}`;
    issued.push(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    issued,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const m = /^([a-z]+):(.+):([a-z,*]+)$/.exec(scope);
  return m ? { type: m[1], name: m[2], actions: m[3].split(',') } : undefined;
}

/** The registry's `auth:` section for this token server. */
export function tokenAuthYaml(server: TokenServer, certPath: string): string {
  return [
    'auth:',
    '  token:',
    `    realm: ${server.realm}`,
    `    service: ${server.service}`,
    `    issuer: ${server.issuer}`,
    `    rootcertbundle: ${certPath}`,
  ].join('\n');
}
