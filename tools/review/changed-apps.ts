/**
 * Which of an apps stack's apps a pull request changes. A placeholder with the interface branch
 * review-select implements: until it lands, every reviewable app counts as changed.
 */

/** What a pull request changes: its paths, and the source stack file as its base has it. */
export interface PullRequestChanges {
  paths: readonly string[];
  baseStackFile?: string;
}

type GitRunner = (args: string[], cwd: string) => string;

/** The apps of `source` the change touches, or "all" when shared code changes. */
export function changedApps(
  _source: string,
  _headStackFile: string,
  _changes: PullRequestChanges,
): readonly string[] | "all" {
  return "all";
}

/** The pull request's changed paths against `baseRef`, read with git. */
export function pullRequestChanges(
  _dir: string,
  _baseRef: string,
  _source: string,
  _git?: GitRunner,
): PullRequestChanges {
  return { paths: [] };
}
