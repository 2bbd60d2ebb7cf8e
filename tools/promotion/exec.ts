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
    // Every stream a pipe (a program given no input reads an empty one), so none of them is null.
    const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
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
    // A program that exits without reading its input closes the pipe: its exit code tells the outcome.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  });
}
