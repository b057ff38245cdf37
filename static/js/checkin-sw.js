// Service worker of the scanner (scope /checkin/): the page, its assets and the offline bundle
// are served from the cache when the network is down. Scans are never cached (POST).
var CACHE = "tf-checkin-v1";
self.addEventListener("install", function (ev) { self.skipWaiting(); });
self.addEventListener("activate", function (ev) { ev.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  var mine = url.pathname.indexOf("/checkin") === 0 || url.pathname.indexOf("/static/") === 0;
  if (!mine) return;
  ev.respondWith(fetch(req).then(function (resp) {
    if (resp.ok) { var copy = resp.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
    return resp;
  }).catch(function () { return caches.match(req); }));
});
