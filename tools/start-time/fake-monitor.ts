/**
 * A resource monitor that answers just enough of the engine's gRPC protocol for the SDK's own start
 * path to reach the program's first registration: feature queries (answered "no", so the SDK takes no
 * path that needs more of the engine first) and the root Stack's registration (given a URN). The first
 * registration or read the program itself makes resolves `firstRegistration`; every other call fails.
 * Proto and service definitions are the pinned SDK's own (@pulumi/pulumi/proto).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { RegisterResourceResponse, SupportsFeatureResponse } from "@pulumi/pulumi/proto/resource_pb";

export interface FirstRegistration {
  /** `readResource` for a StackReference, or `registerResource`. */
  call: string;
  type: string;
  name: string;
  at: number;
}

export interface FakeMonitor {
  address: string;
  firstRegistration: Promise<FirstRegistration>;
  close(): void;
}

interface ResourceRequest {
  getType(): string;
  getName(): string;
}
type Unary = (call: { request: ResourceRequest }, reply: grpc.sendUnaryData<unknown>) => void;

const STACK_TYPE = "pulumi:pulumi:Stack";

export async function startFakeMonitor(project: string, stack: string): Promise<FakeMonitor> {
  let resolveFirst!: (first: FirstRegistration) => void;
  const firstRegistration = new Promise<FirstRegistration>((resolve) => (resolveFirst = resolve));
  const refuse: Unary = (_call, reply) => reply({ code: grpc.status.UNIMPLEMENTED, details: "not a real engine" });
  const first =
    (call: string): Unary =>
    (request, reply) => {
      if (call === "registerResource" && request.request.getType() === STACK_TYPE) {
        const response = new RegisterResourceResponse();
        response.setUrn(`urn:pulumi:${stack}::${project}::${STACK_TYPE}::${project}-${stack}`);
        reply(null, response);
        return;
      }
      resolveFirst({ call, type: request.request.getType(), name: request.request.getName(), at: performance.now() });
      refuse(request, reply);
    };
  const implementation: grpc.UntypedServiceImplementation = Object.fromEntries(
    Object.keys(ResourceMonitorService).map((method) => [method, refuse]),
  );
  implementation.supportsFeature = (_call: unknown, reply: grpc.sendUnaryData<unknown>) => {
    const response = new SupportsFeatureResponse();
    response.setHassupport(false);
    reply(null, response);
  };
  implementation.registerResource = first("registerResource");
  implementation.readResource = first("readResource");

  const server = new grpc.Server();
  server.addService(ResourceMonitorService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { address: `127.0.0.1:${port}`, firstRegistration, close: () => server.forceShutdown() };
}
