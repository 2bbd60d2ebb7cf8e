/**
 * The smoke script, run for real: sh and curl (as in the curl image) against a local HTTP server
 * standing in for the Service under test.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { smokePlan, smokeScript, type SmokePlan } from "../components/app/smoke-check";

const run = promisify(execFile);

describe("the smoke check script", () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === "/hangup") {
        req.socket.destroy(); // no HTTP answer at all
        return;
      }
      res.statusCode = req.url === "/healthz" ? 200 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));

  /** Exit code and stderr of the script; execFile rejects on a non-zero exit. */
  async function smoke(plan: SmokePlan): Promise<{ code: number; stderr: string }> {
    const env = { PATH: process.env.PATH, SLIPWAY_TARGET_URL: url };
    try {
      const { stderr } = await run("sh", ["-c", smokeScript(plan)], { env, timeout: 20_000 });
      return { code: 0, stderr };
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      return { code, stderr };
    }
  }

  test("an http healthcheck's path answering 200 passes, every request sent", async () => {
    const plan = smokePlan({ enabled: true, requests: 3 }, httpCheck("/healthz"));
    expect(await smoke(plan)).toEqual({ code: 0, stderr: "" });
    expect(seen).toEqual(["/healthz", "/healthz", "/healthz"]);
  });

  test("an unexpected status fails at once and says what was expected", async () => {
    const plan = smokePlan({ enabled: true, requests: 3, paths: ["/healthz", "/missing"], statuses: [200] });
    const result = await smoke(plan);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("smoke: GET /missing answered 404, expected 200");
    expect(seen).toEqual(["/healthz", "/healthz", "/healthz", "/missing"]);
  });

  test("for a tcp healthcheck / may answer 404, but no answer fails", async () => {
    expect((await smoke(smokePlan({ enabled: true, requests: 1 }))).code).toBe(0);
    const silent = await smoke(smokePlan({ enabled: true, requests: 1, paths: ["/hangup"] }));
    expect(silent.code).toBe(1);
    expect(silent.stderr).toContain("smoke: GET /hangup answered 000, expected 100-499");
  });
});

function httpCheck(path: string) {
  return {
    type: "http" as const,
    path,
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold: 3,
    startupSeconds: 60,
  };
}
