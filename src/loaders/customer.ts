/** Loaders of the calling key's own account: its organisation and user, and the credit history. */
import type { CreditRow, Customer } from '../wexa/model.js';
import { perKeyLoader, type Scan } from './batch.js';
import { defineLoader } from './registry.js';

/** The calling key's organisation and user; the only key is `'self'`. */
export const customer = defineLoader('customer', ({ api, limit }) => perKeyLoader<'self', Customer>(limit, () => api.customer.get()));

/** The caller's organisation's credit history, up to `maxScanItems` rows. */
export const creditScan = defineLoader('creditScan', ({ api, limit, config }) =>
  perKeyLoader<'self', Scan<CreditRow>>(limit, async () => {
    const page = await api.customer.creditHistory({ limit: config.maxScanItems });
    return { items: page.items, complete: page.total === null ? page.items.length < config.maxScanItems : page.total <= page.items.length };
  }),
);
