/**
 * Custom scalars: `DateTime` (an ISO-8601 UTC timestamp, always with `Z`) and `JSON` (any JSON value).
 */
import { Kind, type ValueNode } from 'graphql';
import { BadUserInputError } from '../errors.js';
import { builder } from './builder.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Parses a client-sent DateTime, normalising it to millisecond precision. */
function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_UTC.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BadUserInputError('DateTime must be an ISO-8601 UTC timestamp such as 2025-04-21T07:30:09.001Z.');
  }
  return new Date(value).toISOString();
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp in UTC with millisecond precision, e.g. `2025-04-21T07:30:09.001Z`.',
  serialize: (value) => {
    const text = String(value);
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? text : new Date(ms).toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new BadUserInputError('DateTime literals must be strings.');
    return parseDateTime(ast.value);
  },
});

/** Turns a literal in a query document into the JSON value it spells. */
function literalToJson(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value] ?? null;
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value (object, array, string, number, boolean or null).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables),
});
