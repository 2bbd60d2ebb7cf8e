/**
 * Asking before a change. Without `--yes` a person must answer on a terminal; with no terminal
 * (CI, a pipe) the tool refuses up front, before it reads secrets or touches anything. Used by
 * `npm run rollback` and `npm run release`, each naming its own flags and refusal.
 */
import type { Prompt } from "./ports";
import { RollbackRefusal } from "./target";

export interface AskHabits {
  /** What to pass instead of answering. */
  skip: string;
  refusal: new (message: string) => Error;
}

const ROLLBACK: AskHabits = {
  skip: "pass --yes to roll back without asking, or --preview to only see the diff",
  refusal: RollbackRefusal,
};

export function assertCanConfirm(prompt: Prompt, habits: AskHabits = ROLLBACK): void {
  if (!prompt.isTTY) {
    throw new habits.refusal(`no terminal to confirm on (stdin is not a TTY), so nothing was changed: ${habits.skip}`);
  }
}

export async function confirm(prompt: Prompt, question: string, habits: AskHabits = ROLLBACK): Promise<boolean> {
  assertCanConfirm(prompt, habits);
  const answer = (await prompt.ask(question)).trim().toLowerCase();
  return answer === "yes" || answer === "y";
}
