/**
 * Seals and opens the Wexa keys stored for scheduled refresh: AES-256-GCM with a key derived from
 * the gateway secret (HKDF-SHA-256), a fresh 96-bit IV per value, and the dashboard id as additional
 * authenticated data, so a sealed key copied onto another row does not open.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Seals and opens values bound to a context string (the dashboard id). */
export interface KeyBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was not sealed by this secret for this context. */
  open(sealed: string, context: string): string;
}

/** A key box for `secret`. */
export function createKeyBox(secret: string): KeyBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'wexa-graph', 'dashboards: stored refresh keys v1', 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('Stored key: unknown format.');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
