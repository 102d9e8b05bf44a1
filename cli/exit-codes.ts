// The CLI's exit codes, distinct per outcome so scripts and CI can branch on
// them (as Maelstrom and the VOPR do). 4 is reserved for a crash of actorsim
// itself (bin/actorsim.js).

export const EXIT_OK = 0;
/** A run broke an invariant, or a history is not linearizable. */
export const EXIT_VIOLATION = 1;
/** Bad input: an unknown verb, flag or scenario, a bad value, an unreadable file. */
export const EXIT_USAGE = 2;
/** No verdict: two runs of one seed diverged, or a checker ran out of budget. */
export const EXIT_UNKNOWN = 3;
