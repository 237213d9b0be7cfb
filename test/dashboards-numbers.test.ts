/** Finding chartable numbers in agent outputs, and choosing the chart that suits them. */
import { describe, expect, it } from 'vitest';
import { chooseChartKind } from '../src/dashboards/chart-kind.js';
import { findNumericData, numericDataFromJson, parseNumber } from '../src/dashboards/numbers.js';

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['1,234,567.25', 1234567.25],
    ['$1,200', 1200],
    ['-$7', -7],
    ['12.5 %', 12.5],
    ['**7**', 7],
    ['`8`', 8],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('reads %s as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', 'n/a', '2024-01-15', '12,34', 'ten', '1.2.3', 'Infinity', '$'])('does not read %j as a number', (text) => {
    expect(parseNumber(text)).toBeNull();
  });
});

describe('findNumericData: markdown tables', () => {
  it('charts every numeric column against the text column, with the heading above as caption', () => {
    const text = [
      'Here is what I found.',
      '',
      '### Revenue by region',
      '',
      '| Region | Revenue ($) | Deals |',
      '| :----- | ----------: | ----: |',
      '| North  | $1,200      | 4     |',
      '| South  | 950.5       | 3     |',
      '| **East** | 2,000     | 7     |',
      '',
      'That is all.',
    ].join('\n');
    expect(findNumericData(text)).toEqual([
      {
        labels: ['North', 'South', 'East'],
        series: [
          { name: 'Revenue ($)', values: [1200, 950.5, 2000] },
          { name: 'Deals', values: [4, 3, 7] },
        ],
        labelName: 'Region',
        caption: 'Revenue by region',
        generatedLabels: false,
      },
    ]);
  });

  it('uses the first column as labels when every column is a number, and skips id columns', () => {
    const text = 'Yearly totals:\n\n| # | Year | Total |\n|---|---|---|\n| 1 | 2022 | 10 |\n| 2 | 2023 | 14 |\n| 3 | 2024 | 19 |';
    const [data] = findNumericData(text);
    expect(data?.labels).toEqual(['1', '2', '3']);
    expect(data?.series.map((s) => s.name)).toEqual(['Year', 'Total']);
    expect(data?.caption).toBe('Yearly totals');
  });

  it('ignores tables without numbers and text that only looks like a table', () => {
    expect(findNumericData('| Name | Role |\n|---|---|\n| Ada | Engineer |')).toEqual([]);
    expect(findNumericData('a | b\nno delimiter row\n1 | 2')).toEqual([]);
    expect(findNumericData('| a | b |\n|---|---|')).toEqual([]);
  });

  it('finds several tables in order', () => {
    const t = (label: string) => `| k | v |\n|---|---|\n| ${label} | 1 |\n| y | 2 |`;
    const found = findNumericData(`${t('first')}\n\nbetween\n\n${t('second')}`);
    expect(found.map((d) => d.labels[0])).toEqual(['first', 'second']);
  });
});

describe('findNumericData: JSON arrays', () => {
  it('reads an output that is a JSON array of numbers', () => {
    expect(findNumericData(' [3, 1, 4, 1, 5] ')).toEqual([
      { labels: ['1', '2', '3', '4', '5'], series: [{ name: 'Value', values: [3, 1, 4, 1, 5] }], labelName: null, caption: null, generatedLabels: true },
    ]);
  });

  it('reads {label, value}-like objects in a fenced block, captioned by the line above the fence', () => {
    const text = 'Monthly signups:\n```json\n[{"month": "Jan", "signups": 12, "churnRate": 0.1}, {"month": "Feb", "signups": 30, "churnRate": 0.2}]\n```';
    expect(findNumericData(text)).toEqual([
      {
        labels: ['Jan', 'Feb'],
        series: [
          { name: 'Signups', values: [12, 30] },
          { name: 'Churn rate', values: [0.1, 0.2] },
        ],
        labelName: 'Month',
        caption: 'Monthly signups',
        generatedLabels: false,
      },
    ]);
  });

  it('reads an array nested inside a JSON object, and [label, value] pairs', () => {
    expect(findNumericData('{"result": {"points": [{"name": "a", "value": 1}, {"name": "b", "value": 2}]}}')[0]?.labels).toEqual(['a', 'b']);
    expect(findNumericData('```\n[["cats", 3], ["dogs", "4"]]\n```')[0]?.series).toEqual([{ name: 'Value', values: [3, 4] }]);
  });

  it('takes an inline array in prose only when it has at least three numbers, captioned by its lead-in', () => {
    expect(findNumericData('As shown in [1, 2], the answer holds.')).toEqual([]);
    const [data] = findNumericData('Weekly sales: [5, 8, 13] and rising.');
    expect(data?.series[0]?.values).toEqual([5, 8, 13]);
    expect(data?.caption).toBe('Weekly sales');
  });

  it('ignores arrays of text, mixed arrays, brackets that are not JSON, and objects without numbers', () => {
    expect(findNumericData('["a", "b", "c"] [1, "x", 3] [a, b] [{"name": "x"}] [[1, 2], [3, 4]] [[[')).toEqual([]);
  });

  it('does not treat ids as data', () => {
    expect(numericDataFromJson([{ id: 1, name: 'a' }, { id: 2, name: 'b' }])).toBeNull();
  });

  it('reports tables and JSON in the order they appear', () => {
    const text = 'Scores: [9, 8, 7]\n\n| k | v |\n|---|---|\n| a | 1 |';
    expect(findNumericData(text).map((d) => d.series[0]?.values)).toEqual([[9, 8, 7], [1]]);
  });
});

describe('chooseChartKind', () => {
  const data = (labels: string[], values: number[][], extra: { caption?: string; generated?: boolean } = {}) => ({
    labels,
    series: values.map((v, i) => ({ name: `s${i}`, values: v })),
    labelName: null,
    caption: extra.caption ?? null,
    generatedLabels: extra.generated ?? false,
  });

  it('draws a line over dates, months, quarters, years and unlabelled sequences', () => {
    expect(chooseChartKind(data(['2024-01-01', '2024-01-02', '2024-01-03'], [[1, 2, 3]]))).toBe('line');
    expect(chooseChartKind(data(['Jan', 'Feb', 'Mar', 'Apr'], [[1, 2, 3, 4]]))).toBe('line');
    expect(chooseChartKind(data(['Q1 2024', 'Q2 2024', 'Q3 2024'], [[1, 2, 3]]))).toBe('line');
    expect(chooseChartKind(data(['2021', '2022', '2023'], [[1, 2, 3], [3, 2, 1]]))).toBe('line');
    expect(chooseChartKind(data(['1', '2', '3'], [[5, 1, 4]], { generated: true }))).toBe('line');
  });

  it('draws a pie for shares of a whole, and bars for other categories', () => {
    expect(chooseChartKind(data(['Chrome', 'Firefox', 'Safari'], [[60, 25, 15]]))).toBe('pie');
    expect(chooseChartKind(data(['a', 'b'], [[3, 9]], { caption: 'Market share' }))).toBe('pie');
    expect(chooseChartKind(data(['North', 'South', 'East'], [[1200, 950, 2000]]))).toBe('bar');
    expect(chooseChartKind(data(['a', 'b'], [[60, 40], [1, 2]]))).toBe('bar');
  });

  it('follows the requested kind unless a pie cannot show the data', () => {
    expect(chooseChartKind(data(['a', 'b'], [[1, 2]]), 'line')).toBe('line');
    expect(chooseChartKind(data(['a', 'b'], [[1, 2]]), 'pie')).toBe('pie');
    expect(chooseChartKind(data(['a', 'b'], [[-1, 2]]), 'pie')).toBe('bar');
    expect(chooseChartKind(data(['a', 'b'], [[0, 0]]), 'pie')).toBe('bar');
  });
});
