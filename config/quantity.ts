/**
 * Kubernetes resource quantities (`250m`, `1.5`, `256Mi`, `1G`), parsed to plain numbers so that
 * config validation can compare a request with its limit. Grammar from apimachinery's quantity.go.
 */
const QUANTITY = /^([+]?[0-9]+(?:\.[0-9]*)?|[+]?\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$/;

const SUFFIX_FACTOR: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value in base units (cores or bytes), or undefined when it is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, number, suffix = ""] = match;
  const factor = SUFFIX_FACTOR[suffix] ?? Number(`1${suffix}`);
  return Number(number) * factor;
}
