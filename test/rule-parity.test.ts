/**
 * The policy pack is a package of its own (the CLI loads policy/ alone), so the rules it shares with
 * the config layer are copies. Here both copies must be the same rule.
 */
import { CREDENTIAL_NAME as configRule, looksLikeCredential } from "../config/primitives";
import { CREDENTIAL_NAME as policyRule } from "../policy/policies/kubernetes-delivery";

test("the credential-name pattern is the same in the config schema and the policy pack", () => {
  expect(policyRule.source).toBe(configRule.source);
  expect(policyRule.flags).toBe(configRule.flags);
  const names = [
    "DB_PASSWORD",
    "api_token",
    "CLIENT_SECRET",
    "SIGNING_KEY",
    "passwd",
    "LOG_LEVEL",
    "KEYCLOAK_URL",
    "PORT",
  ];
  expect(names.map((name) => policyRule.test(name))).toEqual(names.map(looksLikeCredential));
  expect(names.filter(looksLikeCredential)).toEqual([
    "DB_PASSWORD",
    "api_token",
    "CLIENT_SECRET",
    "SIGNING_KEY",
    "passwd",
  ]);
});
