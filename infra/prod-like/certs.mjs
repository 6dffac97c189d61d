// Certificates for the production-like profile, made at run time with openssl and kept in the
// git-ignored .local/prod-like/tls/ (private keys never enter the repository). One throw-away CA
// signs a server certificate (Temporal frontend + internode, Kafka brokers; valid for localhost and
// 127.0.0.1) and a client certificate for the services and the admin tools. They are made again when
// missing or when any of them has less than a week left.
import { existsSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, requireCommand, run, runOrThrow, withLock } from '../engines/process.mjs';

const OPENSSL_HINT = 'certificates are made with openssl — apt-get install -y openssl';
const DAYS = 30;
const A_WEEK_S = 7 * 24 * 3600;

/** Paths of the PEM files in `dir`. */
export function tlsFiles(dir) {
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
    /** Key and certificate chain in one file: Kafka's PEM keystore. */
    serverBundle: join(dir, 'server-bundle.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
}

/** The DNS name every server certificate carries and clients check (TEMPORAL_TLS_SERVER_NAME). */
export const SERVER_NAME = 'localhost';

async function stillValid(openssl, cert) {
  if (!existsSync(cert)) return false;
  const res = await run(openssl, ['x509', '-checkend', String(A_WEEK_S), '-noout', '-in', cert]);
  return res.code === 0;
}

const inFlight = new Map();

/**
 * Makes the CA, server and client certificates unless valid ones are there; resolves with
 * tlsFiles(dir). Engines prepared side by side share one attempt (and other processes wait on a lock).
 */
export function ensureCertificates(dir, log = () => {}) {
  if (!inFlight.has(dir)) {
    inFlight.set(dir, withLock('prod-like-certificates', () => makeCertificates(dir, log)).finally(() => inFlight.delete(dir)));
  }
  return inFlight.get(dir);
}

async function makeCertificates(dir, log) {
  const openssl = requireCommand('openssl', OPENSSL_HINT);
  const f = tlsFiles(dir);
  const valid = await Promise.all([f.ca, f.serverCert, f.clientCert].map((c) => stillValid(openssl, c)));
  if (valid.every(Boolean) && existsSync(f.serverBundle) && existsSync(f.clientKey)) return f;
  log(`making a CA, a server and a client certificate in ${dir} (openssl, valid ${DAYS} days)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ssl = (what, ...args) => runOrThrow(`openssl ${what}`, openssl, args);
  const key = (file) => ssl('genpkey', 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);

  await key(f.caKey);
  await ssl('req (CA)', 'req', '-x509', '-new', '-key', f.caKey, '-sha256', '-days', String(DAYS + 1), '-out', f.ca,
    '-subj', '/O=Bishan prod-like/CN=Bishan prod-like CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const leaf = async (name, certFile, keyFile, subject, extensions) => {
    await key(keyFile);
    const csr = join(dir, `${name}.csr`);
    const ext = join(dir, `${name}.ext`);
    writeFileSync(ext, `${extensions.join('\n')}\n`);
    await ssl(`req (${name})`, 'req', '-new', '-key', keyFile, '-out', csr, '-subj', subject);
    await ssl(`x509 (${name})`, 'x509', '-req', '-in', csr, '-CA', f.ca, '-CAkey', f.caKey, '-CAcreateserial',
      '-days', String(DAYS), '-sha256', '-extfile', ext, '-out', certFile);
    rmSync(csr);
    rmSync(ext);
  };
  // Servers also act as clients of each other (Temporal internode, Kafka inter-broker).
  await leaf('server', f.serverCert, f.serverKey, '/O=Bishan prod-like/CN=localhost', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth,clientAuth',
    `subjectAltName=DNS:${SERVER_NAME},IP:127.0.0.1`,
  ]);
  await leaf('client', f.clientCert, f.clientKey, '/O=Bishan prod-like/CN=bishan-services', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=clientAuth',
  ]);
  const { readFileSync } = await import('node:fs');
  writeFileSync(f.serverBundle, readFileSync(f.serverKey, 'utf8') + readFileSync(f.serverCert, 'utf8') + readFileSync(f.ca, 'utf8'));
  for (const file of [f.caKey, f.serverKey, f.clientKey, f.serverBundle]) chmodSync(file, 0o600);
  if (!(await stillValid(openssl, f.serverCert))) throw new EngineError(`the certificate just made in ${dir} is not valid`);
  return f;
}
