/**
 * Finding 5: the report scanner was quadratic. Every `[` of an agent output was matched by scanning
 * to the end of the text again (and every nested array parsed again), so a few hundred KB of `[` or a
 * deeply nested JSON froze the event loop on save and on every scheduled refresh. The scanner now
 * reads at most `MAX_SCANNED_CHARS` of a text, in a bounded number of linear passes; these tests
 * count its steps (never the clock).
 */
import { describe, expect, it } from 'vitest';
import { findNumericData, MAX_SCANNED_CHARS, type ScanWork } from '../src/dashboards/numbers.js';

/** Runs the scanner with a step counter. */
function scan(text: string): { found: ReturnType<typeof findNumericData>; steps: number } {
  const work: ScanWork = { steps: 0 };
  const found = findNumericData(text, work);
  return { found, steps: work.steps };
}

/** Linear: a small constant number of passes over what is scanned. */
const LINEAR_BOUND = 12 * MAX_SCANNED_CHARS;

describe('finding 5: the report scanner is bounded and linear', () => {
  it('scans 500 KB of "[" in linear work and finds nothing', () => {
    const { found, steps } = scan('['.repeat(500_000));
    expect(found).toEqual([]);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(LINEAR_BOUND);
  });

  it('scans a deeply nested JSON array in linear work and finds nothing (no level is data)', () => {
    const depth = 40_000;
    const { found, steps } = scan(`${'['.repeat(depth)}1, 2, 3${']'.repeat(depth)}`);
    expect(found).toEqual([]);
    expect(steps).toBeLessThanOrEqual(LINEAR_BOUND);
  });

  it('scans a big nested JSON object (arrays in arrays of objects) in linear work and still finds its data', () => {
    const row = (i: number) => `{"name": "n${i}", "tags": [["a", ["b", ["c"]]]], "value": ${i}}`;
    const rows = Array.from({ length: 2_000 }, (_, i) => row(i)).join(', ');
    const { found, steps } = scan(`{"result": {"groups": [[[${rows}]]]}}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.labels.slice(0, 2)).toEqual(['n0', 'n1']);
    expect(steps).toBeLessThanOrEqual(LINEAR_BOUND);
  });

  it('scans one long line of many small arrays with lead-ins in linear work', () => {
    const text = 'Scores: [1, 2, 3] '.repeat(20_000);
    const { found, steps } = scan(text);
    expect(found.length).toBe(Math.floor(MAX_SCANNED_CHARS / 'Scores: [1, 2, 3] '.length));
    expect(found[0]?.caption).toBe('Scores');
    expect(steps).toBeLessThanOrEqual(LINEAR_BOUND);
  });

  it('scans many unclosed code fences and wide table-like lines in linear work', () => {
    const fences = '```a\n'.repeat(50_000);
    expect(scan(fences).steps).toBeLessThanOrEqual(LINEAR_BOUND);
    const wide = `${'| 1 '.repeat(30_000)}|\n${'|---'.repeat(30_000)}|\n${'| 2 '.repeat(30_000)}|\n`;
    const { found, steps } = scan(wide);
    expect(found).toEqual([]);
    expect(steps).toBeLessThanOrEqual(LINEAR_BOUND);
  });

  it(`charts data within the first ${MAX_SCANNED_CHARS} characters and not beyond`, () => {
    const padding = 'x'.repeat(MAX_SCANNED_CHARS);
    expect(scan(`Before: [1, 2, 3]\n${padding}`).found.map((d) => d.caption)).toEqual(['Before']);
    expect(scan(`${padding}\nAfter: [1, 2, 3]`).found).toEqual([]);
  });
});
