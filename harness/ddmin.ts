// Delta debugging (Zeller's ddmin): removes halves, then smaller pieces, down
// to single items, keeping each cut only while `fails` still holds. Exported
// for anyone's lists (operations, faults, messages); deterministic when
// `fails` is.

export async function ddmin<T>(items: readonly T[], fails: (subset: T[]) => Promise<boolean>): Promise<T[]> {
  let list = [...items];
  let n = 2;
  while (list.length >= 1) {
    if (list.length === 1) {
      if (await fails([])) list = [];
      break;
    }
    const size = Math.ceil(list.length / n);
    let reduced = false;
    for (let start = 0; start < list.length; start += size) {
      const complement = [...list.slice(0, start), ...list.slice(start + size)];
      if (await fails(complement)) {
        list = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= list.length) break;
      n = Math.min(n * 2, list.length);
    }
  }
  return list;
}
