import fc from 'fast-check';
import { configArb, commandsArb, CommandWeights } from './arbitraries';
import type { Command, ModelConfig } from './commands';
import { runCommands, StoreVariant } from './run-commands';

// The model-based property: for any small cluster and any command list,
// running the commands on the (possibly broken) store breaks neither the
// reference model after any step nor any checker at the end.

export interface HistoryCounter {
  /** Histories run (shrinking included). */
  histories: number;
  /** Of which at least one fault command changed the world. */
  withFaults: number;
}

export const newCounter = (): HistoryCounter => ({ histories: 0, withFaults: 0 });

export interface ModelPropertyOptions {
  variant?: StoreVariant;
  maxCommands?: number;
  weights?: CommandWeights;
  counter?: HistoryCounter;
}

export type ModelCase = [ModelConfig, Command[]];

export function modelBasedProperty(o: ModelPropertyOptions = {}): fc.IAsyncPropertyWithHooks<ModelCase> {
  const arbs = [configArb, commandsArb({ ...(o.maxCommands !== undefined ? { maxCommands: o.maxCommands } : {}), ...(o.weights ? { weights: o.weights } : {}) })] as const;
  return fc.asyncProperty(...arbs, async (config, commands) => {
    const r = await runCommands(config, commands, o.variant ?? {});
    if (o.counter) {
      o.counter.histories += 1;
      if (r.faultsApplied > 0) o.counter.withFaults += 1;
    }
    return r.ok;
  });
}
