import type { NameNode, StorageNode, StoreClient } from '../../core/store';
import type { SwarmOptions } from '../swarm-options';

// A deliberately broken store: small subclasses of the real actors that
// reintroduce one documented class of bug. The store itself carries no flags.

export interface BugVariant {
  name: string;
  /** One line: what is broken. */
  description: string;
  /** Where the bug class is documented (JIRA id, paper section). */
  source: string;
  /**
   * The part of the world or of the checking only swarm runs have (duplicated
   * calls, skewed clocks, samples while faults rage): the model-based suite,
   * whose fault commands and checkers lack it, skips the variant.
   */
  needs?: string;
  /** 'disk': only disk faults (a lost file, a rotted edit-log record) show it; test suites turn those on. */
  faultClass?: 'disk';
  /**
   * The one violation kind the variant is built to show, when a single checker
   * is meant to catch it: the catalogue test asserts that the first failing
   * seed reports that kind and no other (the other checkers miss it).
   */
  caughtBy?: string;
  /**
   * The dimension of the widened swarm space (issue 15) the bug lives in, and
   * the overrides that put a seed's draw of it back in the classic space: with
   * them the variant must pass every seed its hunt runs.
   */
  widened?: { dimension: string; classic: (drawn: SwarmOptions) => Partial<SwarmOptions> };
  classes: {
    nameNodeClass?: typeof NameNode;
    storageNodeClass?: typeof StorageNode;
    clientClass?: typeof StoreClient;
  };
}
