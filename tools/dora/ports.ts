/** What `npm run dora` reads, behind interfaces: dora.ts wires the real ones, tests inject fakes. */
import type { UpdateSummary } from "@pulumi/pulumi/automation";

export interface CommitClock {
  /** The commit's committer time; undefined when the repository does not have the commit. */
  committedAt(commit: string): Promise<Date | undefined>;
}

export interface DoraSources {
  /** The stack's whole history, read without secrets. */
  history(): Promise<UpdateSummary[]>;
  commits: CommitClock;
}
