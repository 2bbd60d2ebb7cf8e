/**
 * The commit trailer a promotion writes, and how the pull request workflow reads it back
 * (tools/ci/promotion-note.ts): one `Slipway-Promotion:` line of `key=value` words, after a blank
 * line at the end of the message, as git-interpret-trailers(1) reads trailers.
 */
import type { PromotedImage } from "./choose";

const TRAILER = "Slipway-Promotion";

export interface Promotion {
  app: string;
  from: string;
  to: string;
  release: number;
  /** ISO time of the end of the release's update. */
  verified: string;
  /** `repository[:tag]@sha256:…`. */
  image: string;
}

export function imageText(image: PromotedImage): string {
  return `${image.repository}${image.tag === undefined ? "" : `:${image.tag}`}@${image.digest}`;
}

export function trailerLine(promotion: Promotion): string {
  const { app, from, to, release, verified, image } = promotion;
  return `${TRAILER}: app=${app} from=${from} to=${to} release=${release} verified=${verified} image=${image}`;
}

const WORD = /(\w+)=(\S+)/g;

/** Every promotion trailer in a commit message; lines that do not parse whole are ignored. */
export function parseTrailers(message: string): Promotion[] {
  const found: Promotion[] = [];
  for (const line of message.split("\n")) {
    if (!line.startsWith(`${TRAILER}: `)) continue;
    const words = Object.fromEntries([...line.matchAll(WORD)].map((m) => [m[1], m[2]]));
    const { app, from, to, release, verified, image } = words;
    if ([app, from, to, verified, image].some((v) => v === undefined) || !/^\d+$/.test(release ?? "")) continue;
    found.push({ app, from, to, release: Number(release), verified, image });
  }
  return found;
}
