// Runs an async job for every item with at most `concurrency` of them in flight.

export async function pool<T>(items: readonly T[], concurrency: number, job: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await job(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
