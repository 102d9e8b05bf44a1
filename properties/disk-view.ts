// What the disks hold, as checkers see it: node -> chunk id -> checksum and
// whether the bytes still match it. Built by the scenario from the simulated
// disks; hand-made in tests.

export interface DiskChunk {
  checksum: string;
  intact: boolean;
}

export type DiskView = Record<string, Record<string, DiskChunk>>;
