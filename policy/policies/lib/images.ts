/** Container image references: `[registry[:port]/]path[:tag][@digest]`. */
interface ImageReference {
  tag?: string;
  digest?: string;
}

function parseImage(reference: string): ImageReference {
  const [name, digest] = reference.split("@", 2);
  // A colon after the last slash separates the tag; one before it is a registry port.
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  return { tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest: digest || undefined };
}

/** Why an image is not pinned to one build, or undefined when it is. */
export function unpinnedReason(reference: string): string | undefined {
  const { tag, digest } = parseImage(reference);
  if (digest) return undefined;
  if (!tag) return "has no tag (it means :latest)";
  if (tag === "latest") return "uses the moving tag :latest";
  return undefined;
}
