/**
 * Secrets live under `slipway:secrets` and nowhere else. `pulumi config set --secret --path
 * 'slipway:apps.web.env.X'` stores an encrypted value inside `slipway:apps`, which the program would
 * then write decrypted into a ConfigMap (or a name, a label, an output). Refusing it is simpler and
 * safer than carrying secrets through every plain setting, so both readers of config refuse it: the
 * program (which only learns that a whole top-level key is secret) and the offline render (which
 * sees the exact `secure:` leaf).
 */
import type { ConfigProblem } from "./errors";

export const SECRETS_KEY = "slipway:secrets";

/** An env entry keeps its app and name where it belongs; any other setting gets the template. */
function secretsKeyFor(path: string): string {
  const env = /^slipway:apps\.([^.[\]]+)\.env\.([^.[\]]+)$/.exec(path);
  return env ? `${SECRETS_KEY}.${env[1]}.${env[2]}` : `${SECRETS_KEY}.<app>.<NAME>`;
}

function moveIt(path: string): string {
  return `store it with pulumi config set --secret --path '${secretsKeyFor(path)}' … and remove it with pulumi config rm --path '${path}'`;
}

/** A review value (config/review-secrets.ts) is meant to be seen: encrypting it suggests a real secret was pasted. */
const REVIEW_VALUE = /^slipway:apps\.[^.[\]]+\.review\.secrets\.[^.[\]]+$/;

/** One encrypted leaf found outside `slipway:secrets` (the render reads the stack file itself). */
export function secureLeafProblem(path: string): ConfigProblem {
  if (REVIEW_VALUE.test(path))
    return {
      key: path,
      message: `expected a non-production placeholder in plain text (review copies never get real secrets), not an encrypted value; set it with pulumi config set --path '${path}' <placeholder>`,
    };
  return {
    key: path,
    message: `an encrypted (secure) value outside ${SECRETS_KEY} would be deployed in plain text; ${moveIt(path)}`,
  };
}

/** A whole top-level key the engine marks secret: `--secret --path` made all of it secret. */
export function secretKeyProblem(key: string): ConfigProblem {
  return {
    key,
    message: `holds a value set with --secret, but only ${SECRETS_KEY} may hold secrets (the program would deploy it in plain text); store it with pulumi config set --secret --path '${SECRETS_KEY}.<app>.<NAME>' … and remove it with pulumi config rm --path '<its key under ${key}>'`,
  };
}

/** A plain value under `slipway:secrets`: `--secret` was forgotten, so the value sits in git in clear. */
export function plainSecretProblem(path: string): ConfigProblem {
  return {
    key: path,
    message: `expected an encrypted value; set it again with pulumi config set --secret --path '${path}' …`,
  };
}

/** The whole `slipway:secrets` key is not secret, so at least one of its values was set without --secret. */
export function plainSecretsKeyProblem(): ConfigProblem {
  return {
    key: SECRETS_KEY,
    message: `expected encrypted values, but the stack holds them in plain text; set each again with pulumi config set --secret --path '${SECRETS_KEY}.<app>.<NAME>' …`,
  };
}
