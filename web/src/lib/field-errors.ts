// A mutation's ValidationError as a message per field, for forms to show next to each input.
type FieldError = { path: string; reason: string };

/** The reasons by field path when `result` is a ValidationError; none for any other result. */
export function fieldErrorsOf(
  result: { __typename?: string; fieldErrors?: FieldError[] } | null | undefined,
): Record<string, string> {
  if (result?.__typename !== 'ValidationError' || !result.fieldErrors) return {};
  return Object.fromEntries(result.fieldErrors.map((e) => [e.path, e.reason]));
}
