/**
 * The mark the entry sets once every module it needs is loaded, just before the program declares
 * anything. Loading the bundle initialises Slipway's own modules and then runs the program, so only a
 * mark set from inside it can tell module load from the program: the benchmark measures the program from here
 * (tools/bench/bundled-program.ts), as it measures its SDK floor from after that one's classes load.
 */
export const PROGRAM_START_MARK = "slipway:program-start";
