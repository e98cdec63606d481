// How the SQLite statements write a LIMIT taken from a parameter.
//
// A bare `LIMIT ?` made every run of its statement several microseconds slower: an indexed lookup
// that finds nothing took 9 µs against 2.6 µs with a literal, with the same bytecode, so the time
// went to SQLite preparing the statement again before each run (this build has STAT4, under which
// the planner may look at bound values). As an expression, `? + 0`, the value is read at run time
// only and the prepared plan is kept (bench/FINDINGS.md, "A bound LIMIT").

/** `LIMIT` of the next positional parameter. */
export const LIMIT_PARAM = 'LIMIT ? + 0';

/** `LIMIT` of the named parameter `@limit`. */
export const LIMIT_NAMED = 'LIMIT @limit + 0';
