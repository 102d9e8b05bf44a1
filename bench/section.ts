// One named part of `npm run bench`: its figures appear under its name in the
// JSON report and as one block of the table.

export interface BenchSection {
  /** Key in the JSON report and the name `--only` selects: `kernel`, `swarm`, ... */
  name: string;
  /** One line for the table heading. */
  title: string;
  /** Runs only when --only names it (long, or needs real processes). */
  optIn?: boolean;
  /** Flat figures (numbers, strings): the only place wall time may be measured. */
  run(): Promise<object>;
}
