/** The person at the terminal, as the tools that ask for a confirmation see them. */
import { createInterface } from "node:readline/promises";
import type { Prompt } from "./ports";

export const terminal: Prompt = {
  isTTY: Boolean(process.stdin.isTTY),
  async ask(question) {
    const reader = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await reader.question(question);
    } finally {
      reader.close();
    }
  },
};
