/**
 * Seed data for the rest of the surface: coworker schedules, tables and records, files, tags and
 * the public marketplace. Ids come from fixed counters (not the generator), so adding this data
 * changes nothing else in the seed.
 */
import { COWORKER_IMAGE } from './factory.js';
import { DOC, SEED_START } from './seed-docs.js';
import type { SimState } from './store.js';
import type { Json, TableRec } from './types.js';

/** A fixed ObjectId-shaped id: a 6-hex prefix per kind, then a counter. */
function fixedId(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(24 - prefix.length, '0');
}

const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jun'];

function leads(projectId: string): TableRec {
  const records: Json[] = Array.from({ length: 45 }, (_, i) => ({
    _id: fixedId('6a0b00', i + 1),
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${String.fromCharCode(65 + (i % 26))}.`,
    email: `lead${i + 1}@example.com`,
    score: (i * 37) % 100,
    created_at: SEED_START + i * 3600,
  }));
  return {
    _id: fixedId('6a0a00', 1),
    projectID: projectId,
    table_name: 'Leads',
    columns: [
      { _id: fixedId('6a0c00', 1), name: 'name', type: 'string' },
      { _id: fixedId('6a0c00', 2), name: 'email', type: 'string' },
      { _id: fixedId('6a0c00', 3), name: 'score', type: 'number' },
    ],
    records,
    created_at: SEED_START,
  };
}

function invoices(projectId: string): TableRec {
  return {
    _id: fixedId('6a0a00', 2),
    projectID: projectId,
    table_name: 'Invoices',
    columns: [
      { _id: fixedId('6a0c00', 4), name: 'number', type: 'string' },
      { _id: fixedId('6a0c00', 5), name: 'amount', type: 'number' },
    ],
    records: Array.from({ length: 12 }, (_, i) => ({ _id: fixedId('6a0d00', i + 1), number: `INV-${1001 + i}`, amount: 100 + i * 25 })),
    created_at: SEED_START + 60,
  };
}

/** Adds schedules, tables, files, tags and the marketplace to a seeded state. */
export function seedSurface(state: SimState): void {
  const pulse = DOC.project;
  const flows = [...state.agentflows.values()].filter((a) => a.projectID === pulse).sort((a, b) => a.created_at - b.created_at);
  const scheduled = [DOC.agentflow, flows.find((f) => f._id !== DOC.agentflow)?._id ?? DOC.agentflow];
  const plans: [string, number, string, string][] = [
    [scheduled[0]!, 3600, 'active', 'recurring'],
    [scheduled[0]!, 86400, 'paused', 'recurring'],
    [scheduled[1]!, 604800, 'active', 'once'],
  ];
  plans.forEach(([coworker, every, status, type], i) => {
    const id = fixedId('6a0e00', i + 1);
    const template = ['post the daily numbers', 'summarise the day', 'weekly market scan'][i]!;
    state.schedules.set(id, {
      _id: id, coworker_id: coworker, projectID: pulse, goal: { template, variables: [] }, template,
      display_template: JSON.stringify([{ type: 'paragraph', children: [{ text: template }] }]),
      schedule: every, status, type, created_at: SEED_START + i * 600, updated_at: SEED_START + i * 600,
    });
  });

  for (const table of [leads(pulse), invoices(pulse)]) state.tables.set(table._id, table);

  const connectors = [...state.connectors.values()].filter((c) => c.projectID === pulse).sort((a, b) => a.created_at - b.created_at);
  connectors.slice(0, 2).forEach((c, ci) => {
    for (let k = 0; k < 2; k++) {
      const id = fixedId('6a0f00', ci * 2 + k + 1);
      state.files.set(id, {
        _id: id, filename: `${c.name.toLowerCase().replace(/\W+/g, '-')}-${k + 1}.pdf`, connector_id: c._id, projectID: pulse,
        size_bytes: 20480 * (k + 1), tags: ['demo'], source_type: 'STORAGE', container_name: 'documents', created_at: SEED_START + ci * 60 + k,
      });
    }
  });

  state.tags.set(pulse, [
    { _id: fixedId('6a1000', 1), name: 'marketing', color: '#e91e63' },
    { _id: fixedId('6a1000', 2), name: 'finance', color: '#3f51b5' },
  ]);

  state.marketplace = {
    coworkers: [
      ['SEO writer', 'Writes search-friendly articles', 'content', '1.2.0'],
      ['Invoice chaser', 'Reminds customers of unpaid invoices', 'finance', '2.0.1'],
      ['Lead enricher', 'Adds company data to new leads', 'sales', '1.0.4'],
    ].map(([name, description, category, version], i) => ({
      _id: fixedId('6a1100', i + 1), name, description, category, version, role: name, agents_count: i + 2,
      price_credits: (i + 1) * 10, image: COWORKER_IMAGE,
    })),
    connectors: [
      ['Mail', 'mail', false], ['WhatsApp', 'whatsapp', true], ['LinkedIn', 'linkedin', true], ['REST API', 'restful', false],
      ['Content creator', 'content_creator', false],
    ].map(([name, category, premium], i) => ({ _id: fixedId('6a1200', i + 1), name, category, is_premium: premium, description: `${String(name)} connector` })),
  };
}
