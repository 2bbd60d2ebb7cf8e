/**
 * Asking before a rollback. Without `--yes` a person must answer on a terminal; with no terminal
 * (CI, a pipe) the tool refuses up front, before it reads secrets or touches anything.
 */
import type { Prompt } from "./ports";
import { RollbackRefusal } from "./target";

export function assertCanConfirm(prompt: Prompt): void {
  if (!prompt.isTTY) {
    throw new RollbackRefusal(
      "no terminal to confirm on (stdin is not a TTY), so nothing was changed: pass --yes to roll back without asking, or --preview to only see the diff",
    );
  }
}

export async function confirm(prompt: Prompt, question: string): Promise<boolean> {
  assertCanConfirm(prompt);
  const answer = (await prompt.ask(question)).trim().toLowerCase();
  return answer === "yes" || answer === "y";
}
