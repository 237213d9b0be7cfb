/**
 * Seals and opens the Wexa keys stored for scheduled refresh: AES-256-GCM with a key derived from
 * the gateway secret (HKDF-SHA-256), a fresh 96-bit IV per value, and the dashboard id as additional
 * authenticated data, so a sealed key copied onto another row does not open.
 *
 * Rotation: values are always sealed with the current secret; opening also tries the previous ones
 * (`GATEWAY_SECRET_PREVIOUS`), and says when a value opened only with one of those, so its owner can
 * seal it again with the current secret.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Seals and opens values bound to a context string (the dashboard id). */
export interface KeyBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was not sealed for this context by the current or a previous secret. */
  open(sealed: string, context: string): string;
  /** As `open`; `stale` when only a previous secret opened it (seal it again). */
  unseal(sealed: string, context: string): { plain: string; stale: boolean };
}

/** AES key of one secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'wexa-graph', 'dashboards: stored refresh keys v1', 32));
}

function openWith(key: Buffer, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
    throw new Error('Stored key: unknown format.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** A key box for `secret`, also opening what `previous` secrets sealed. */
export function createKeyBox(secret: string, previous: readonly string[] = []): KeyBox {
  const key = keyOf(secret);
  const older = previous.map(keyOf);
  const unseal = (sealed: string, context: string): { plain: string; stale: boolean } => {
    try {
      return { plain: openWith(key, sealed, context), stale: false };
    } catch (error) {
      for (const old of older) {
        try {
          return { plain: openWith(old, sealed, context), stale: true };
        } catch {
          // Not this one either.
        }
      }
      throw error;
    }
  };
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open: (sealed, context) => unseal(sealed, context).plain,
    unseal,
  };
}
