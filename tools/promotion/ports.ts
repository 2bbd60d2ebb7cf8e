/**
 * What `npm run promote` needs besides the source stack's history (release-history/ports.ts): the
 * repository, to read the stack files as on the base branch and commit the change on a new branch
 * without touching the user's checkout, and the forge, to open the pull request. The real
 * implementations are git-repo.ts (git) and github.ts (the GitHub CLI); tests inject fakes.
 */

export interface BaseFiles {
  /** The commit the files were read at (the fetched base branch). */
  commit: string;
  /** `Pulumi.<stack>.yaml` at that commit, or undefined when the stack has no file there. */
  read(stack: string): Promise<string | undefined>;
}

export interface PromotionRepo {
  /** Fetches `base` from the remote and reads the stack files at its tip. */
  base(base: string): Promise<BaseFiles>;
  /** Commits the stack file's new text on top of `parent` as branch `branch`; returns the new commit. */
  commitStackFile(args: {
    parent: string;
    stack: string;
    text: string;
    message: string;
    branch: string;
  }): Promise<string>;
  /** Pushes the branch to the remote. */
  push(branch: string): Promise<void>;
}

export interface PullRequests {
  /** Opens a pull request of `head` into `base`; returns its URL. */
  open(args: { base: string; head: string; title: string; body: string }): Promise<string>;
}
