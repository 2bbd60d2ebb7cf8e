/** A key in a namespace nothing reads is a mistake: `slipwya:apps` must not render a stack with no apps. */
import { unknownNamespaceProblems } from "../config/namespaces";

describe("config namespaces", () => {
  test("the project's and the providers' namespaces are accepted", () => {
    const keys = ["slipway:apps", "aws:region", "kubernetes:context", "pulumi:tags", "random:x", "docker:host"];
    expect(unknownNamespaceProblems(keys)).toEqual([]);
  });

  test("a misspelt namespace is refused with the key it was meant to be", () => {
    expect(unknownNamespaceProblems(["slipwya:apps", "kuberentes:context"])).toEqual([
      {
        key: "kuberentes:context",
        message: 'unknown config namespace "kuberentes", read by nothing (did you mean "kubernetes:context"?)',
      },
      {
        key: "slipwya:apps",
        message: 'unknown config namespace "slipwya", read by nothing (did you mean "slipway:apps"?)',
      },
    ]);
  });

  test("a namespace far from every known one lists them", () => {
    expect(unknownNamespaceProblems(["github:token"])).toEqual([
      {
        key: "github:token",
        message:
          'unknown config namespace "github", read by nothing (expected one of: slipway, aws, docker, kubernetes, pulumi, random)',
      },
    ]);
  });
});
