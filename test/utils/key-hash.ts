/** The key hash unit tests hand to `client.forKey(key, hash)`: the gateway's own HMAC, under a fixed test secret. */
import { createKeyHasher } from '../../src/auth/key-hash.js';

export const testKeyHash = createKeyHasher('a test secret that is long enough to use');
