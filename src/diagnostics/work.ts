/**
 * A count of the front end's loop steps (tokens visited, lexer problems examined, diagnostics built,
 * line-index probes, comments placed), so tests can hold the work linear in the input by counting,
 * never by timing. It only ever grows; a test reads it before and after a call.
 */
export const frontEndWork = { steps: 0 };
