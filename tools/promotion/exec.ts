/** Runs a command line program (git, gh) with optional standard input; its stdout, or an error with its stderr. */
import { spawn } from "node:child_process";

export interface ExecOptions {
  cwd: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
}

class CommandFailed extends Error {
  override name = "CommandFailed";
}

export function exec(program: string, args: string[], options: ExecOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = options.input === undefined ? "ignore" : "pipe";
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [stdin, "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new CommandFailed(`${program} is not on PATH`) : error),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else {
        const detail = Buffer.concat(err).toString("utf8").trim();
        reject(new CommandFailed(`${program} ${args[0]} exited ${code}${detail ? `: ${detail}` : ""}`));
      }
    });
    if (child.stdin) {
      // A program that exits without reading its input closes the pipe: its exit code tells the outcome.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
  });
}
