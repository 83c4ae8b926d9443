// A thousand dashboards watching the same feed run the same subscription: each event is
// executed once per distinct operation (document, variables and whatever in the context
// changes the result), and the result is shared by every subscriber running it. Without
// this, fan-out cost one GraphQL execution per subscriber per event.
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';

/**
 * A subscription field's `extensions` mark: its arguments choose the events (which build,
 * from which line) but the result of an event depends only on the event and the selection.
 */
export const ARGUMENTS_CHOOSE_EVENTS = { argumentsChooseEvents: true } as const;

/**
 * The variables a subscription's results depend on: without those used only in the
 * arguments of root fields marked ARGUMENTS_CHOOSE_EVENTS, so that dashboards that opened a
 * build log at different lines still share each batch's execution.
 */
export function resultVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null | undefined {
  const operation = getOperationAST(document, operationName);
  const fields = schema.getSubscriptionType()?.getFields();
  if (!variables || operation?.operation !== 'subscription' || !fields) return variables;
  const choosing = new Set<ArgumentNode>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !fields[selection.name.value]?.extensions.argumentsChooseEvents) continue;
    for (const argument of selection.arguments ?? []) choosing.add(argument);
  }
  if (choosing.size === 0) return variables;
  const used = new Set<string>();
  visit(document, {
    VariableDefinition: () => false,
    Argument: (node) => (choosing.has(node) ? false : undefined),
    Variable: (node) => void used.add(node.name.value),
  });
  return Object.fromEntries(Object.entries(variables).filter(([name]) => used.has(name)));
}

// Keyed by the event object, which pub/sub hands to every subscriber of the process alike;
// entries go when the event does.
const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function shared(event: object, operation: string, run: () => Promise<ExecutionResult>) {
  let byOperation = results.get(event);
  if (!byOperation) results.set(event, (byOperation = new Map()));
  let result = byOperation.get(operation);
  if (!result) byOperation.set(operation, (result = run()));
  return result;
}

/** Maps the events; unsubscribing stops the source at once, even while it waits for an event. */
function mapEvents(
  events: AsyncIterable<unknown>,
  toResult: (event: unknown) => Promise<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  const source = events[Symbol.asyncIterator]();
  const done = async (): Promise<IteratorResult<ExecutionResult>> => {
    await source.return?.();
    return { value: undefined, done: true };
  };
  return {
    async next() {
      const next = await source.next();
      return next.done ? { value: undefined, done: true } : { value: await toResult(next.value), done: false };
    },
    return: done,
    async throw(error: unknown) {
      await done();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * graphql-js's `subscribe`, with each event executed once per `operation` key. Errors go
 * through `mask`, as yoga would pass them (yoga's own executor cannot run one event: given
 * a subscription it subscribes anew).
 */
export async function subscribeShared(
  args: ExecutionArgs,
  operation: string,
  mask: (error: GraphQLError) => GraphQLError,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return { errors: (stream.errors ?? []).map(mask) };
  const run = async (event: unknown): Promise<ExecutionResult> => {
    const result = await execute({ ...args, rootValue: event });
    return result.errors ? { ...result, errors: result.errors.map(mask) } : result;
  };
  return mapEvents(stream, (event) =>
    typeof event === 'object' && event !== null ? shared(event, operation, () => run(event)) : run(event),
  );
}
