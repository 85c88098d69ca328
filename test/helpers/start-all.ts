/**
 * Starts several test servers at once. When one fails to start (a missing system package, a port
 * race), the ones already up are stopped before the error is rethrown: a half-started fixture must
 * fail the file at once, not keep its process alive until the runner's timeout.
 */
export type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> };

type Started<T extends readonly Promise<Stoppable>[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

export async function startAll<const T extends readonly Promise<Stoppable>[]>(starts: T): Promise<Started<T>> {
  const settled = await Promise.allSettled(starts);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<Stoppable>).value) as Started<T>;
  await Promise.allSettled(
    settled.flatMap((s) => (s.status === 'fulfilled' ? [stopOne(s.value)] : [])),
  );
  if (failures.length === 1) throw failures[0]!.reason;
  throw new AggregateError(failures.map((f) => f.reason), failures.map((f) => String((f.reason as Error)?.message ?? f.reason)).join('; '));
}

function stopOne(resource: Stoppable): Promise<unknown> {
  return 'stop' in resource ? resource.stop() : resource.close();
}
