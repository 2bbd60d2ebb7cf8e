/**
 * The sizes the API server refuses whatever the schema says: an object's annotations over 256 KiB, an
 * object over what etcd stores (config/object-size.ts cites both). Checked on every object the render
 * emits, so a stack the config checks let through but the cluster would refuse mid-update fails here.
 */
import { annotationBytes, MAX_ANNOTATION_BYTES, MAX_OBJECT_BYTES } from "../../config/object-size";

export function sizeProblems(object: { metadata?: unknown }): string[] {
  const problems: string[] = [];
  const annotations = (object.metadata as { annotations?: unknown } | undefined)?.annotations;
  const inAnnotations =
    annotations !== null && typeof annotations === "object"
      ? annotationBytes(annotations as Record<string, unknown>)
      : 0;
  if (inAnnotations > MAX_ANNOTATION_BYTES)
    problems.push(
      `/metadata/annotations: ${inAnnotations} bytes; the API server takes at most ${MAX_ANNOTATION_BYTES} in total`,
    );
  const bytes = Buffer.byteLength(JSON.stringify(object));
  if (bytes > MAX_OBJECT_BYTES)
    problems.push(`/: the object is ${bytes} bytes as JSON; etcd stores at most ${MAX_OBJECT_BYTES} per object`);
  return problems;
}
