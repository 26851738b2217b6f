/** The service worker's cache of the API's reads (sw.ts); auth.ts drops it when the user signs out. */
export const API_CACHE = "outfall-api";
