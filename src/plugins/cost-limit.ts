/**
 * The cost limit, in units of upstream calls, checked after validation and before anything runs
 * (HTTP and WebSocket alike), with the variables of the request:
 *
 * - a field returning a `Node` (a project, a task, …) may cost one upstream read;
 * - a connection costs one list call, and everything selected inside it counts once per item of the
 *   page it asked for (`first`, a literal or a variable; default and cap from the config);
 * - `nodes(ids:)` costs one read per id and multiplies what is selected inside it the same way; more
 *   than `maxNodeIds` ids are refused outright;
 * - a plain list (`agents`, `Task.executions`, …) multiplies what is selected inside it by
 *   {@link LIST_ESTIMATE}, a generous guess of its length.
 *
 * It is an upper bound: loaders batch and de-duplicate, so the real number of calls is usually far
 * lower. A refused operation gets `QUERY_TOO_COMPLEX` with `extensions.cost` and `extensions.limit`.
 */
import {
  getOperationAST,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type ValueNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { QueryTooComplexError, toGraphQLError } from '../errors.js';
import { fieldSum, fragmentsOf } from '../graphql/selections.js';

/** Assumed length of a list field without paging arguments. */
export const LIST_ESTIMATE = 10;

export interface CostLimits {
  /** Most upstream calls one operation may be estimated to make. */
  maxCost: number;
  /** Most ids `nodes(ids:)` takes. */
  maxNodeIds: number;
  defaultPageSize: number;
  maxPageSize: number;
}

type Variables = Readonly<Record<string, unknown>> | null | undefined;

// Types are inspected by shape, not with graphql's `isObjectType` & co., which refuse a schema built by
// the other copy of graphql (ESM or CommonJS) a test runner may have loaded.

/** An object or interface type: what has fields. */
interface WithFields {
  name: string;
  getFields(): Record<string, GraphQLField<unknown, unknown>>;
  getInterfaces?(): ReadonlyArray<{ name: string }>;
}

function named(type: GraphQLType): GraphQLNamedType {
  let t: GraphQLType = type;
  while ('ofType' in t) t = t.ofType;
  return t;
}

const isList = (type: GraphQLType): boolean => String(type).startsWith('[');
const hasFields = (type: unknown): type is WithFields => typeof (type as WithFields | null)?.getFields === 'function';
const isComposite = (type: unknown): boolean => hasFields(type) || typeof (type as { getTypes?: unknown } | null)?.getTypes === 'function';

function isNodeType(type: GraphQLNamedType): boolean {
  if (type.name === 'Node') return true;
  return hasFields(type) && (type.getInterfaces?.() ?? []).some((i) => i.name === 'Node');
}

function argument(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((a) => a.name.value === name)?.value;
}

/** Length of a list argument (literal or variable); a single value counts as one. */
function listLength(value: ValueNode | undefined, variables: Variables): number {
  if (!value) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    return Array.isArray(v) ? v.length : v === undefined || v === null ? 0 : 1;
  }
  return value.kind === Kind.NULL ? 0 : 1;
}

/** A page size argument (literal or variable), defaulted and capped as the resolvers do. */
function pageSize(value: ValueNode | undefined, variables: Variables, limits: CostLimits): number {
  let n: unknown;
  if (value?.kind === Kind.INT) n = Number(value.value);
  else if (value?.kind === Kind.VARIABLE) n = variables?.[value.name.value];
  const size = typeof n === 'number' && Number.isFinite(n) ? n : limits.defaultPageSize;
  return Math.max(0, Math.min(size, limits.maxPageSize));
}

/** The estimated upstream calls of one operation; throws QUERY_TOO_COMPLEX for too many `nodes` ids. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  limits: CostLimits,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType): number => {
    const name = field.name.value;
    if (name.startsWith('__') || !hasFields(parent)) return 0;
    const def = parent.getFields()[name];
    if (!def) return 0;
    const type = named(def.type);
    if (!isComposite(type) || !field.selectionSet) return 0;
    let own = 0;
    let times = 1;
    if (parent === root && name === 'nodes') {
      const n = listLength(argument(field, 'ids'), variables);
      if (n > limits.maxNodeIds) {
        throw new QueryTooComplexError(`nodes(ids:) takes at most ${limits.maxNodeIds} ids; this request sent ${n}.`, {
          extensions: { ids: n, limit: limits.maxNodeIds },
        });
      }
      own = n;
      times = n;
    } else if (def.args.some((a) => a.name === 'first')) {
      own = 1;
      times = pageSize(argument(field, 'first'), variables, limits);
    } else if (isList(def.type)) {
      // The `edges` / `nodes` of a connection are the page already counted by the connection field.
      times = parent.name.endsWith('Connection') ? 1 : LIST_ESTIMATE;
    } else if (isNodeType(type) || parent === root) {
      own = 1;
    }
    return own + times * setCost(field.selectionSet, type);
  };

  const compositeType = (name: string): GraphQLNamedType | null => {
    const type = schema.getType(name);
    return type && isComposite(type) ? type : null;
  };
  // Fragment costs are computed once and reused wherever the fragment is spread again.
  const setCost = fieldSum({ fragments: fragmentsOf(document), typeOf: compositeType, value: fieldCost });
  return setCost(operation.selectionSet, root);
}

/** What the cost may depend on besides the document: the variables given to a `first` or `ids` argument. */
function costVariableNames(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if ((node.name.value === 'first' || node.name.value === 'ids') && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names];
}

/** A variable's value as the cost reads it: a number as itself, a list by its length, anything else by kind. */
function costClass(value: unknown): string {
  if (typeof value === 'number') return `n${value}`;
  if (Array.isArray(value)) return `a${value.length}`;
  return value === undefined || value === null ? '-' : 'o';
}

/** Most variable combinations remembered per document. */
const COSTS_PER_DOCUMENT = 64;

/**
 * `operationCost`, remembered per parsed document (yoga's parse cache hands the same document to every
 * request sending the same source): the walk runs once per document, operation and values of the
 * variables the cost depends on. A refusal for too many ids is not remembered (it throws every time).
 */
export function costCache(): (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Variables, limits: CostLimits) => number {
  const documents = new WeakMap<DocumentNode, { schema: GraphQLSchema; names: string[]; costs: Map<string, number> }>();
  return (schema, document, operationName, variables, limits) => {
    let entry = documents.get(document);
    if (entry?.schema !== schema) {
      entry = { schema, names: costVariableNames(document), costs: new Map() };
      documents.set(document, entry);
    }
    let key = operationName ?? '';
    for (const name of entry.names) key += `\u0000${costClass(variables?.[name])}`;
    let cost = entry.costs.get(key);
    if (cost === undefined) {
      cost = operationCost(schema, document, operationName, variables, limits);
      if (entry.costs.size >= COSTS_PER_DOCUMENT) entry.costs.clear();
      entry.costs.set(key, cost);
    }
    return cost;
  };
}

/** The error for an operation over the limit, or null when it fits. */
export function costError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  limits: CostLimits,
  costOf: typeof operationCost = operationCost,
): Error | null {
  try {
    const cost = costOf(schema, document, operationName, variables, limits);
    if (cost <= limits.maxCost) return null;
    return toGraphQLError(
      new QueryTooComplexError(
        `This operation could cost up to ${cost} upstream calls; the limit is ${limits.maxCost}. Ask for smaller pages (first) or fewer ids.`,
        { extensions: { cost, limit: limits.maxCost } },
      ),
    );
  } catch (error) {
    if (error instanceof QueryTooComplexError) return toGraphQLError(error);
    throw error;
  }
}

/** Envelop plugin: refuses operations over the limit before they execute (queries, mutations, subscriptions). */
export function useUpstreamCostLimit(limits: CostLimits): Plugin {
  const cached = costCache();
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Variables;
  }) => costError(args.schema, args.document, args.operationName, args.variableValues, limits, cached);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error as never] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error as never] });
    },
  };
}
