/** Removes what global-setup.ts rendered. */
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.SLIPWAY_BROWSER_RENDERS;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
