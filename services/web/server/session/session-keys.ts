import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

interface Key {
  id: string;
  tokens: Buffer;
  seal: Uint8Array;
}

function keyOf(secret: string): Key {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'bishan-console', info, 32));
  return {
    // Names the key in what it encrypted, so rotation knows which one opens a stored token.
    id: createHash('sha256').update(`key-id:${secret}`).digest('hex').slice(0, 8),
    tokens: derive('session-tokens'),
    seal: new Uint8Array(derive('oidc-login-cookie')),
  };
}

/**
 * The console's keys, derived from SESSION_SECRET (and SESSION_PREVIOUS_SECRET while rotating): one
 * encrypts the tokens its sessions keep in the database (AES-256-GCM, `<key id>.<iv>.<data>.<tag>`),
 * one seals the OIDC sign-in cookie. New data is always written with the current key; the previous
 * one only opens what it wrote.
 */
export class SessionKeys {
  private readonly current: Key;
  private readonly previous: Key | null;

  constructor(secret: string, previousSecret: string | null = null) {
    this.current = keyOf(secret);
    this.previous = previousSecret ? keyOf(previousSecret) : null;
  }

  /** The sign-in cookie's key: a sign-in in flight across a rotation simply starts again. */
  get sealKey(): Uint8Array {
    return this.current.seal;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.tokens, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.current.id, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The plain text, or null when no key of this console wrote it (or it was altered). */
  decrypt(sealed: string): string | null {
    const [id, iv, data, tag] = sealed.split('.');
    const key = [this.current, this.previous].find((k) => k?.id === id);
    if (!key || !iv || data === undefined || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.tokens, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
