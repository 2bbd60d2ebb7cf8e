/**
 * A cheaper answer to the SDK's registerResource calls under the mocks, with the same result. The
 * SDK's MockMonitor (@pulumi/pulumi 3.248.0 runtime/mocks.js `registerResource`) converts the
 * request's Struct to JavaScript, runs the mocks, serialises their state and converts it into a
 * response Struct, which the SDK at once converts back (runtime/resource.js `registerResource` reads
 * the response's getUrn, getId, getPropertydependenciesMap, getResult and getObject, and
 * runtime/rpc.js `deserializeProperties` only calls the object's toJavaScript()). Here the request is
 * converted once (the harness's record reads the same JavaScript) and the response's object is the
 * state as that Struct round trip gives it back, without building the Struct. Everything else —
 * the mocks' arguments, the URN, the monitor's resource table that getResource invokes read — is as
 * MockMonitor makes it; test/stacks/mock-monitor.ts compares both on the committed stacks and fails when
 * either package moves from the versions read here.
 */
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

type Plain = Record<string, unknown>;
/** All the SDK reads of a Struct here (rpc.js deserializeProperties). */
type Struct = Parameters<typeof deserializeProperties>[0];

/**
 * What google-protobuf 3.21.4's Struct.fromJavaScript then toJavaScript returns (struct_pb.js):
 * objects rebuilt from their enumerable keys, in sorted order (jspb.Map's forEach sorts its string
 * keys), arrays element by element, and any other value but a string, number, boolean or null refused.
 */
export function structRoundTrip(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (Array.isArray(value)) return value.map(structRoundTrip);
  if (typeof value !== "object") throw new Error("Unexpected struct type.");
  const keys: string[] = [];
  for (const key in value) keys.push(key);
  const copy: Plain = {};
  for (const key of keys.sort()) copy[key] = structRoundTrip((value as Plain)[key]);
  return copy;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getImportid(): string;
  getObject(): Struct | undefined;
}

type Callback = (error: unknown, response?: unknown) => void;

/** The request's inputs as JavaScript, converted once for the recorder and the mocks. */
const asStruct = (inputs: Plain) => ({ toJavaScript: () => inputs }) as unknown as Struct;

/**
 * Replaces `monitor`'s registerResource: `observe` sees each request with its inputs as JavaScript
 * (still wrapped where secret) before the mocks run.
 */
export function answerRegistrationsCheaply(
  monitor: MockMonitor,
  observe: (req: RegisterRequest, inputs: Plain) => void,
): void {
  const newUrn = (monitor as unknown as { newUrn(parent: string, type: string, name: string): string }).newUrn.bind(
    monitor,
  );
  monitor.registerResource = async (req: RegisterRequest, callback: Callback) => {
    try {
      const inputs = (req.getObject()?.toJavaScript() ?? {}) as Plain;
      observe(req, inputs);
      const result = await monitor.mocks.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs: deserializeProperties(asStruct(inputs)),
        provider: req.getProvider(),
        custom: req.getCustom(),
        id: req.getImportid(),
      });
      const urn = newUrn(req.getParent(), req.getType(), req.getName());
      const state = await serializeProperties("", result.state);
      monitor.resources.set(urn, { urn, id: result.id ?? null, state });
      callback(null, {
        getUrn: () => urn,
        getId: () => result.id || "",
        // Converted when read, as the SDK does once at once; nothing changes the fresh state in between.
        getObject: () => ({ toJavaScript: () => structRoundTrip(state) }),
        getPropertydependenciesMap: () => undefined,
        getResult: () => 0,
      });
    } catch (error) {
      callback(error, undefined);
    }
  };
}
