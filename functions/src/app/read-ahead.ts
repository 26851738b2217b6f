// A request's read-ahead: the record a route will read first (PATCH or GET /v1/outfalls/{id}, a step, a
// patrol or monitoring result, a photo, the record's history and lists; `readAhead` in the handler) is
// fetched while the caller's token is verified and their user entry read, so a PATCH costs two store round
// trips — both reads in one request, then the write — instead of three in a row. Each id read ahead is
// served once, to the first read that asks for it; every later read goes to the store as usual. A record
// read ahead is never shown before the caller is authorized: the use case checks scope as always, and the
// write's version condition catches any change made in between.
import type { Outfall } from "../domain/outfall.js";
import type { OutfallRepository } from "../ports/outfall-repository.js";

export function withReadAhead(repo: OutfallRepository, ids: readonly string[]): OutfallRepository {
  // Read one by one: the store's adapter sends the reads asked for together as one request, so the record
  // and the user entry read while the token is checked travel together (adapters/dynamodb/table.ts, ItemReader).
  const ahead = Promise.all(ids.map(async (id) => [id, await repo.get(id)] as const)).then(
    (found) => new Map(found.flatMap(([id, record]): [string, Outfall][] => (record ? [[id, record]] : []))),
  );
  ahead.catch(() => undefined); // a failed read-ahead is reported by the read that uses it
  const unserved = new Set(ids);
  const take = (wanted: readonly string[]) => {
    if (!wanted.length || !wanted.every((id) => unserved.has(id))) return undefined;
    for (const id of wanted) unserved.delete(id);
    return ahead.then((found) => new Map(wanted.flatMap((id): [string, Outfall][] => (found.has(id) ? [[id, found.get(id)!]] : []))));
  };
  return new Proxy(repo, {
    get(target, property, receiver) {
      if (property === "getMany") return (wanted: string[]) => take(wanted) ?? target.getMany(wanted);
      if (property === "get") {
        return async (id: string) => {
          const served = take([id]);
          return served ? (await served).get(id) : target.get(id);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
