/**
 * Certificates for a TLS engine on 127.0.0.1, made with openssl: a CA, a server certificate
 * for IP 127.0.0.1 signed by it, and a client certificate, written as DOCKER_CERT_PATH
 * expects them (ca.pem, cert.pem, key.pem); the server's key and certificate are returned.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsFiles {
  /** DOCKER_CERT_PATH for the client. */
  certPath: string;
  server: { key: string; cert: string };
}

export function makeTlsCerts(dir: string): TlsFiles {
  const at = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=layerscope test CA',
    '-keyout',
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
  );
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      at(`${name}-key.pem`),
      '-out',
      at(`${name}.csr`),
    );
    writeFileSync(at(`${name}.ext`), `${ext}\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
      '-out',
      at(`${name}.pem`),
    );
  }
  writeFileSync(at('cert.pem'), readFileSync(at('client.pem')));
  writeFileSync(at('key.pem'), readFileSync(at('client-key.pem')));
  return {
    certPath: dir,
    server: { key: readFileSync(at('server-key.pem'), 'utf8'), cert: readFileSync(at('server.pem'), 'utf8') },
  };
}
