import { InvalidArgumentError, show } from '../core/errors';
import { FAULT_KINDS, FaultKind, isFaultKind } from '../sim';

// `--faults` on the command line: `none`, or a comma list of kinds with
// optional counts (`crash=2,wipe,bitrot=1`); listed kinds are on (2 each
// unless given), every other kind is off. Empty means "drawn from the seed".

export function parseFaultSpec(flag: string, spec: string): Record<FaultKind, number> | undefined {
  if (spec === '') return undefined;
  const out = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  if (spec === 'none') return out;
  for (const part of spec.split(',')) {
    const [kind, count] = part.split('=');
    if (kind === undefined || !isFaultKind(kind)) {
      throw new InvalidArgumentError(`${flag}: unknown fault kind ${show(kind ?? part)} (known: ${FAULT_KINDS.join(', ')}, or none)`);
    }
    const n = count === undefined ? 2 : Number(count);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${flag}: count of ${kind} must be an integer in 0..100, got ${show(count)}`);
    out[kind] = n;
  }
  return out;
}
