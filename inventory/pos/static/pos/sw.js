// The till's service worker: lets a kiosk reload the till while the network is down.
//
// Till pages (/pos/<kiosk>/) are fetched from the network first and kept; when the network fails the kept copy
// is served, and the page's own script sells from the catalogue and outbox it keeps in IndexedDB. The till's
// static files are served from the cache first. Nothing else is touched: sales are POSTed, never cached.
const CACHE = "xq-pos-v2";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function isTillPage(url, request) {
  return request.mode === "navigate" && /^\/pos\/kiosk-[a-z0-9-]+\/$/.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isTillPage(url, request)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          // Only a real till page is kept: not a login redirect or an error page.
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request).then((kept) => kept || Response.error()))
    );
  } else if (url.pathname.startsWith("/static/pos/")) {
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          })
      )
    );
  }
});
