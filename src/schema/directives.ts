/**
 * `@defer` and `@stream`, declared in the schema (and so in `schema.graphql`): the gateway serves
 * incremental delivery (`src/plugins/incremental-delivery.ts`), and build tools that check documents
 * against the committed schema, relay-compiler among them, must know the directives a document may
 * use. The definitions are those of the incremental delivery proposal, as graphql-js 17 and yoga's
 * defer-stream plugin have them (which then leaves the schema as it is).
 *
 * They are made with the classes of the graphql module that built the schema (taken from the schema
 * itself), not with this file's import: a test runner may load graphql twice (ESM for the gateway's
 * sources, CommonJS for Pothos), and graphql refuses a directive of one copy in a schema of the other.
 */
import { DirectiveLocation, type GraphQLDirective, type GraphQLNonNull, type GraphQLScalarType, type GraphQLSchema } from 'graphql';

/** `schema` with `@defer` and `@stream` added to its directives. */
export function withIncrementalDirectives(schema: GraphQLSchema): GraphQLSchema {
  const include = schema.getDirective('include')!;
  const Directive = include.constructor as typeof GraphQLDirective;
  const NonNull = include.args[0]!.type.constructor as typeof GraphQLNonNull;
  const Schema = schema.constructor as typeof GraphQLSchema;
  const scalar = (name: string) => schema.getType(name) as GraphQLScalarType;
  const condition = (what: string) => ({ type: new NonNull(scalar('Boolean')), defaultValue: true, description: `${what} unless false.` });
  const label = { type: scalar('String'), description: 'Names the part that delivers it; unique in the operation.' };
  const defer = new Directive({
    name: 'defer',
    description: 'Delivers this fragment in a later part of the answer, after the rest, when `if` is not false.',
    locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
    args: { if: condition('Deferred'), label },
  });
  const stream = new Directive({
    name: 'stream',
    description: "Delivers this list's items after the first `initialCount` in later parts of the answer, when `if` is not false.",
    locations: [DirectiveLocation.FIELD],
    args: {
      if: condition('Streamed'),
      label,
      initialCount: { type: scalar('Int'), defaultValue: 0, description: 'How many items come with the first part.' },
    },
  });
  return new Schema({ ...schema.toConfig(), directives: [...schema.getDirectives(), defer, stream] });
}
