/**
 * `npm run --silent promotion-note -- --base <commit>`: the preview workflow's note on a promotion pull
 * request (tools/promotion/note.ts), from the commits after `--base` and the stack files in the work
 * tree; prints nothing when no commit is a promotion.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { runCommand } from "../cli";
import { promotionNoteCommand } from "../commands";
import { promotionNote } from "../promotion/note";

runCommand(promotionNoteCommand, ({ base }) => {
  try {
    // NUL-separated bodies; the base was given as a commit, so `--end-of-options` keeps it one.
    const log = execFileSync("git", ["log", "--format=%B%x00", "--end-of-options", `${base}..HEAD`], {
      encoding: "utf8",
    });
    const read = (stack: string) => {
      const file = `Pulumi.${stack}.yaml`;
      return existsSync(file) ? readFileSync(file, "utf8") : undefined;
    };
    const note = promotionNote(log.split("\0"), read);
    if (note !== "") console.log(note);
    return Promise.resolve(0);
  } catch (error) {
    console.error((error as Error).message);
    return Promise.resolve(1);
  }
});
